import Foundation
import MynaCore
import MynaKit
import MynaTestSupport
import Testing

/// A minute of silence, noise or music through the whole pipeline (native Silero VAD, tiny.en) produces no text:
/// the most common complaint about Whisper engines ("Thank you." on silence).
@Suite(.serialized) struct NonSpeechTests {
    static let minute = 16_000 * 60

    /// A seeded generator so the signals are the same every run.
    struct Random {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        /// Standard normal (Box–Muller).
        mutating func gaussian() -> Float {
            Float(sqrt(-2 * log(max(next(), 1e-12))) * cos(2 * Double.pi * next()))
        }
    }

    static func whiteNoise(level: Float) -> [Float] {
        var random = Random(state: 1)
        return (0..<minute).map { _ in level * random.gaussian() }
    }

    /// Brown (integrated, leaky) noise: the rumble of a fan or traffic.
    static func brownNoise(level: Float) -> [Float] {
        var random = Random(state: 2)
        var value: Float = 0
        return (0..<minute).map { _ in
            value = 0.995 * value + 0.05 * random.gaussian()
            return level * value
        }
    }

    /// Instrumental music: a melody and chords of harmonic tones with plucked envelopes, a kick drum on every beat
    /// and a hi-hat between (120 beats per minute).
    static func music() -> [Float] {
        let rate = 16_000.0
        var samples = [Float](repeating: 0, count: minute)
        let scale = [261.63, 293.66, 329.63, 349.23, 392.0, 440.0, 493.88, 523.25]
        let chords = [[0, 2, 4], [5, 0, 2], [3, 5, 0], [4, 6, 1]]
        var random = Random(state: 3)
        func addTone(_ frequency: Double, at start: Int, seconds: Double, gain: Double) {
            let count = Int(seconds * rate)
            for i in 0..<count where start + i < samples.count {
                let t = Double(i) / rate
                let envelope = min(1, t / 0.01) * exp(-3 * t / seconds)
                var value = 0.0
                for harmonic in 1...6 { value += sin(2 * .pi * frequency * Double(harmonic) * t) / Double(harmonic * harmonic) }
                samples[start + i] += Float(gain * envelope * value)
            }
        }
        let beat = Int(0.5 * rate)
        for (index, start) in stride(from: 0, to: samples.count, by: beat).enumerated() {
            let chord = chords[(index / 4) % chords.count]
            if index % 4 == 0 { for note in chord { addTone(scale[note] / 2, at: start, seconds: 2, gain: 0.08) } }
            addTone(scale[Int(random.next() * Double(scale.count))], at: start, seconds: 0.45, gain: 0.12)
            for i in 0..<Int(0.12 * rate) where start + i < samples.count {            // kick: falling sine
                let t = Double(i) / rate
                samples[start + i] += Float(0.3 * exp(-t * 30) * sin(2 * .pi * (50 + 100 * exp(-t * 40)) * t))
            }
            let hat = start + beat / 2
            for i in 0..<Int(0.03 * rate) where hat + i < samples.count {
                samples[hat + i] += 0.05 * Float(exp(-Double(i) / rate * 150)) * random.gaussian()
            }
        }
        return samples
    }

    func dictate(_ samples: [Float]) throws -> (text: [String], statistics: DictationStatistics) {
        let transcriber = try DictationTestSupport.transcriber.get()
        let vad = try DictationVoiceActivity.open(path: nil, modelsDirectory: ModelsDirectory(url: Fixtures.models, source: .option))
        let session = try DictationSession(transcriber: transcriber, vad: vad)
        let events = try DictationTestSupport.run(session, samples: samples, chunk: 4096)
        let text = events.map { event -> String in
            switch event {
            case .partial(let partial): return partial.text
            case .final(let final): return final.text
            }
        }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return (text, session.statistics)
    }

    @Test("a minute of digital silence: no text, nothing decoded")
    func silence() throws {
        let (text, statistics) = try dictate([Float](repeating: 0, count: Self.minute))
        #expect(text.isEmpty, "\(text)")
        #expect(statistics.partialDecodes + statistics.speculativeDecodes + statistics.finalDecodes == 0)
    }

    @Test("a minute of noise gives no text", arguments: ["white -30 dBFS", "white -12 dBFS", "brown"])
    func noise(kind: String) throws {
        let samples: [Float]
        switch kind {
        case "white -30 dBFS": samples = Self.whiteNoise(level: 0.0316)
        case "white -12 dBFS": samples = Self.whiteNoise(level: 0.25)
        default: samples = Self.brownNoise(level: 0.3)
        }
        let (text, statistics) = try dictate(samples)
        #expect(text.isEmpty, "\(kind): \(text) (\(statistics))")
    }

    @Test("a minute of instrumental music gives no text")
    func instrumental() throws {
        let (text, statistics) = try dictate(Self.music())
        #expect(text.isEmpty, "\(text) (\(statistics))")
    }
}
