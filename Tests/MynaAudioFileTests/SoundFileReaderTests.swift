import Foundation
import MynaAudioFile
import MynaCore
import MynaTestSupport
import Testing

/// Decoding real speech against python-soundfile (scripts/goldens/audio_goldens.py → Golden/decode.json).
@Suite struct SoundFileReaderTests {
    struct DecodeGolden: Decodable {
        struct File: Decodable {
            struct Probe: Decodable { var frame: Int; var int16: [Int] }
            var path: String
            var frames: Int
            var sampleRate: Int
            var channels: Int
            var int16Sum: Int
            var int16SumOfSquares: Int
            var peak: Double
            var rms: Double
            var peakDBFS: Double
            var rmsDBFS: Double
            var probes: [Probe]
        }
        var files: [File]
    }

    /// The files audio_goldens.py decodes (DECODE_FILES there).
    static let goldenFiles = ["asr/dev/coqui-LJ001-0001.flac", "asr/dev/wcpp-jfk.flac", "asr/dev/sb-LJ050-0131.flac"]

    static func expected(_ relativePath: String) throws -> DecodeGolden.File {
        let golden = try JSONDecoder().decode(DecodeGolden.self, from: TestAudio.golden("decode.json"))
        #expect(golden.files.map(\.path) == goldenFiles)
        return try #require(golden.files.first { $0.path == relativePath })
    }

    @Test(arguments: goldenFiles)
    func decodesFLACExactlyAsSoundfile(relativePath: String) throws {
        let expected = try Self.expected(relativePath)
        let reader = try SoundFileReader(path: Fixtures.shared(relativePath))
        #expect(reader.frameCount == expected.frames)
        #expect(reader.format == AudioFormat(sampleRate: expected.sampleRate, channelCount: expected.channels))
        #expect(reader.info.container == "FLAC")
        #expect(reader.info.codec == "FLAC 16-bit")
        #expect(reader.info.frameCount == expected.frames)
        let buffer = try SoundFileReader.readAll(path: Fixtures.shared(relativePath))
        #expect(buffer.frameCount == expected.frames)
        // 16-bit data comes out as value / 32768, so scaling back must give integers with the reference's sums.
        var sum = 0, sumOfSquares = 0, nonIntegers = 0
        for sample in buffer.samples {
            let scaled = sample * 32_768
            if scaled != scaled.rounded() { nonIntegers += 1 }
            let value = Int(scaled)
            sum += value
            sumOfSquares += value * value
        }
        #expect(nonIntegers == 0)
        #expect(sum == expected.int16Sum)
        #expect(sumOfSquares == expected.int16SumOfSquares)
        for probe in expected.probes {
            let actual = buffer.samples[probe.frame..<(probe.frame + probe.int16.count)].map { Int($0 * 32_768) }
            #expect(actual == probe.int16, "frames from \(probe.frame)")
        }
    }

    @Test(arguments: goldenFiles)
    func measuresLevelsAsNumpy(relativePath: String) throws {
        let expected = try Self.expected(relativePath)
        let levels = try SoundFileReader(path: Fixtures.shared(relativePath)).measureLevels(blockFrames: 10_000)
        #expect(levels.frameCount == expected.frames)
        // The peak is one decoded sample: exact. RMS accumulates in Double: rounding only.
        #expect(Double(levels.peak) == expected.peak)
        assertClose(levels.rms, expected.rms, atol: 0, rtol: 1e-12)
        assertClose(levels.peakDBFS, expected.peakDBFS, atol: 1e-9)
        assertClose(levels.rmsDBFS, expected.rmsDBFS, atol: 1e-9)
    }

    @Test func streamsInBlocksWithTheSameSamplesAsReadAll() throws {
        let whole = try TestAudio.speech()
        let reader = try SoundFileReader(path: TestAudio.speechPath)
        var streamed = [Float]()
        var blockSizes = [Int]()
        while let block = try reader.readFrames(maxFrames: 10_007) {
            #expect(block.format == reader.format)
            #expect(!block.isEmpty)
            blockSizes.append(block.frameCount)
            streamed += block.samples
        }
        #expect(streamed == whole.samples)
        #expect(blockSizes.dropLast().allSatisfy { $0 == 10_007 })
        #expect(blockSizes.count == (whole.frameCount + 10_006) / 10_007)
        // The end is sticky: more reads keep returning nil.
        #expect(try reader.readFrames(maxFrames: 100) == nil)
    }

    @Test func asyncReadMatchesSynchronousRead() async throws {
        let reader = try SoundFileReader(path: TestAudio.speechPath)
        let source: any AudioSource = reader
        var samples = [Float]()
        while let block = try await source.read(maxFrames: 65_536) { samples += block.samples }
        #expect(samples == (try TestAudio.speech().samples))
    }

    @Test func readsInMemoryDataLikeAFile() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestAudio.speechPath))
        let reader = try SoundFileReader(data: data, name: "upload.flac")
        #expect(reader.location == "upload.flac")
        #expect(reader.info == (try SoundFileReader(path: TestAudio.speechPath).info))
        #expect(try SoundFileReader.readAll(data: data, name: "upload.flac") == (try TestAudio.speech()))
    }

    @Test func readsStereoInterleaved() throws {
        let stereo = try TestAudio.stereoSpeech()
        try TestAudio.withTemporaryDirectory { directory in
            let path = try TestAudio.write(stereo, to: directory.appendingPathComponent("stereo.wav"), encoding: .wav16)
            let reader = try SoundFileReader(path: path)
            #expect(reader.format.channelCount == 2)
            #expect(reader.info.codec == "PCM 16-bit")
            let block = try #require(try reader.readFrames(maxFrames: 1000))
            #expect(block.frameCount == 1000)
            #expect(Array(block.samples[0..<2000]) == Array(stereo.samples[0..<2000]))
        }
    }

    @Test func readsAFLACWithoutALengthInItsHeaderByCounting() throws {
        // A FLAC from a streaming encoder leaves STREAMINFO's total-samples field 0 (libsndfile: length unknown).
        try TestAudio.withTemporaryDirectory { directory in
            let path = try TestAudio.write(try TestAudio.speech(), to: directory.appendingPathComponent("s.flac"),
                                           encoding: .flac16)
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            // "fLaC", 4-byte block header, then STREAMINFO; total samples are the low 36 bits of its bytes 10…17.
            let start = 8 + 10
            var field = bytes[start..<(start + 8)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            #expect(field & ((1 << 36) - 1) == UInt64(try TestAudio.speech().frameCount))
            field &= ~((1 << 36) - 1)
            for index in 0..<8 { bytes[start + index] = UInt8(truncatingIfNeeded: field >> (56 - 8 * index)) }
            try bytes.write(to: URL(fileURLWithPath: path))
            let reader = try SoundFileReader(path: path)
            #expect(reader.frameCount == (try TestAudio.speech()).frameCount)
            #expect(try reader.readRemaining() == (try TestAudio.speech()))
        }
    }
}
