import Foundation
import MynaAudioFile
import MynaCore
import MynaTestSupport
import Testing

/// Real speech and scratch space for the audio-file tests. Everything generated lives in a temporary directory.
enum TestAudio {
    /// LJ001-0001, 9.655 s of 16 kHz mono 16-bit FLAC.
    static let speechPath = Fixtures.shared("asr/dev/coqui-LJ001-0001.flac")

    /// The whole speech clip, decoded once per test.
    static func speech() throws -> AudioBuffer {
        try SoundFileReader.readAll(path: speechPath)
    }

    /// A stereo clip made of two different real utterances (left LJ001-0001, right the JFK clip), cut to the shorter.
    static func stereoSpeech() throws -> AudioBuffer {
        let left = try speech().samples
        let right = try SoundFileReader.readAll(path: Fixtures.shared("asr/dev/wcpp-jfk.flac")).samples
        let frames = min(left.count, right.count)
        var interleaved = [Float](repeating: 0, count: frames * 2)
        for frame in 0..<frames {
            interleaved[2 * frame] = left[frame]
            interleaved[2 * frame + 1] = right[frame]
        }
        return AudioBuffer(format: AudioFormat(sampleRate: 16_000, channelCount: 2), samples: interleaved)
    }

    /// Runs `body` with a fresh temporary directory and removes it afterwards.
    static func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    /// Writes `buffer` with `SoundFileWriter` and returns the path.
    @discardableResult
    static func write(_ buffer: AudioBuffer, to url: URL, encoding: SoundFileEncoding, blockFrames: Int = 4096) throws -> String {
        let writer = try SoundFileWriter(path: url.path, format: buffer.format, encoding: encoding)
        let channels = buffer.format.channelCount
        var start = 0
        while start < buffer.frameCount {
            let end = min(start + blockFrames, buffer.frameCount)
            try writer.writeFrames(AudioBuffer(format: buffer.format,
                                               samples: Array(buffer.samples[(start * channels)..<(end * channels)])))
            start = end
        }
        try writer.finishWriting()
        return url.path
    }

    /// Names in `directory`, hidden ones included (to catch leftover temporary files).
    static func contents(of directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    /// Golden data written by scripts/goldens/audio_goldens.py.
    static func golden(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Golden/\(name)", withExtension: nil),
                               "missing golden \(name); run scripts/goldens/audio_goldens.py")
        return try Data(contentsOf: url)
    }

    /// A raw little-endian float32 golden.
    static func goldenFloats(_ name: String) throws -> [Float] {
        let data = try golden(name)
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }
}
