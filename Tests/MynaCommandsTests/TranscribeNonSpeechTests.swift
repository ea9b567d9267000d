import Foundation
import MynaAudioFile
import MynaCore
import MynaTestSupport
import Testing

/// The most common complaint about Whisper engines: silence, noise and music must give no text at all (tiny.en turns
/// each of these into "You" when every window is decoded), while speech is still transcribed.
@Suite struct TranscribeNonSpeechTests {
    static let sampleRate = 16_000

    /// Digital silence.
    static func silence(seconds: Int) -> [Float] { [Float](repeating: 0, count: seconds * sampleRate) }

    /// White noise at −16 dBFS RMS from a fixed-seed generator.
    static func noise(seconds: Int) -> [Float] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<(seconds * sampleRate)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Float(state >> 40) / Float(1 << 24) - 0.5) * 0.55
        }
    }

    /// Plucked chords (I–vi–IV–V, two a second, six harmonics decaying) over a square-ish bass: music, not speech.
    static func music(seconds: Int) -> [Float] {
        let chords: [[Double]] = [[261.63, 329.63, 392.00], [220.00, 261.63, 329.63], [174.61, 220.00, 261.63],
                                  [196.00, 246.94, 293.66]]
        let beat = sampleRate / 2
        return (0..<(seconds * sampleRate)).map { n in
            let chord = chords[(n / (beat * 4)) % chords.count]
            let t = Double(n % beat) / Double(sampleRate)
            let envelope = exp(-4 * t)
            var value = 0.0
            for root in chord {
                for harmonic in 1...6 { value += sin(2 * .pi * root * Double(harmonic) * Double(n) / Double(sampleRate)) / Double(harmonic * harmonic) }
            }
            let bass = sin(2 * .pi * chord[0] / 4 * Double(n) / Double(sampleRate))
            return Float(0.12 * envelope * value + 0.15 * (bass > 0 ? 1 : -1) * 0.5)
        }
    }

    @Test(arguments: ["silence", "noise", "music"])
    func givesNoText(kind: String) throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let samples = kind == "silence" ? Self.silence(seconds: 40) : kind == "noise" ? Self.noise(seconds: 40) : Self.music(seconds: 40)
        let path = directory.appendingPathComponent("\(kind).wav").path
        let writer = try SoundFileWriter(path: path, format: .speech16k, encoding: .wav16)
        try writer.writeFrames(AudioBuffer(mono: samples, sampleRate: Self.sampleRate))
        try writer.finishWriting()

        let text = try MynaExecutable.run(["transcribe", path])
        #expect(text.exitCode == 0 && text.standardOutput.isEmpty, "\(kind): \(text.standardOutput)\(text.standardError)")
        let json = try MynaExecutable.run(["transcribe", "--json", path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect((object["segments"] as? [Any])?.isEmpty == true && object["text"] as? String == "", "\(kind): \(json.standardOutput)")
    }
}
