import Foundation
import MynaAudioFile
import MynaCore
import MynaTestSupport
import Testing

/// Every kind of bad input gives one `AudioIOError` naming the file, with the right code, and never a crash or a silent
/// short result. Fixtures are built from real speech in a temporary directory.
@Suite struct BadInputTests {
    /// Opens `path` and reads it to the end, returning the error.
    static func failure(reading path: String) throws -> AudioIOError {
        try #require(throws: AudioIOError.self) {
            let reader = try SoundFileReader(path: path)
            while try reader.readFrames(maxFrames: 4096) != nil {}
        }
    }

    static func expectOneLine(_ error: AudioIOError, location: String, code: AudioIOError.Code,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.location == location, sourceLocation: sourceLocation)
        #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
        #expect(error.description.hasPrefix("\(location): "), sourceLocation: sourceLocation)
    }

    /// A real 16-bit WAV of the speech clip, written by `SoundFileWriter`.
    static func realWAV(in directory: URL) throws -> (path: String, bytes: Data) {
        let path = try TestAudio.write(try TestAudio.speech(), to: directory.appendingPathComponent("real.wav"),
                                       encoding: .wav16)
        return (path, try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func missingPath() throws {
        let path = "/nonexistent-myna/missing.wav"
        let error = try Self.failure(reading: path)
        Self.expectOneLine(error, location: path, code: .notFound)
        #expect(error.message == "no such file")
    }

    @Test func directory() throws {
        try TestAudio.withTemporaryDirectory { directory in
            let error = try Self.failure(reading: directory.path)
            Self.expectOneLine(error, location: directory.path, code: .notAFile)
        }
    }

    @Test func emptyFile() throws {
        try TestAudio.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("empty.wav").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data()))
            let error = try Self.failure(reading: path)
            Self.expectOneLine(error, location: path, code: .empty)
            let fromData = try #require(throws: AudioIOError.self) { try SoundFileReader(data: Data(), name: "upload") }
            Self.expectOneLine(fromData, location: "upload", code: .empty)
        }
    }

    @Test func headerCutAfterTwentyBytes() throws {
        try TestAudio.withTemporaryDirectory { directory in
            let real = try Self.realWAV(in: directory)
            let path = directory.appendingPathComponent("header20.wav").path
            try real.bytes.prefix(20).write(to: URL(fileURLWithPath: path))
            let error = try Self.failure(reading: path)
            Self.expectOneLine(error, location: path, code: .truncated)
            #expect(error.message.contains("WAV header is cut short"))
            #expect(error.message.contains("sf_open"))
        }
    }

    @Test func dataCutInTheMiddleIsReportedAfterThePresentFrames() throws {
        try TestAudio.withTemporaryDirectory { directory in
            let real = try Self.realWAV(in: directory)
            let speech = try TestAudio.speech()
            let path = directory.appendingPathComponent("cut.wav").path
            // 44-byte header + 50 000 frames of 2 bytes.
            try real.bytes.prefix(44 + 100_000).write(to: URL(fileURLWithPath: path))
            let reader = try SoundFileReader(path: path)
            #expect(reader.frameCount == speech.frameCount)
            var frames = 0
            let error = try #require(throws: AudioIOError.self) {
                while let block = try reader.readFrames(maxFrames: 4096) { frames += block.frameCount }
            }
            #expect(frames == 50_000)
            Self.expectOneLine(error, location: path, code: .truncated)
            #expect(error.message == "truncated: header says \(speech.frameCount) frames, read 50000")
            // Sticky: the reader never pretends the file ended normally.
            #expect(throws: AudioIOError.self) { try reader.readFrames(maxFrames: 1) }
            #expect(throws: AudioIOError.self) { try SoundFileReader.readAll(path: path) }
        }
    }

    @Test func flacCutInTheMiddle() throws {
        try TestAudio.withTemporaryDirectory { directory in
            let speech = try TestAudio.speech()
            let full = try TestAudio.write(speech, to: directory.appendingPathComponent("full.flac"), encoding: .flac16)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
            let path = directory.appendingPathComponent("cut.flac").path
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
            let error = try Self.failure(reading: path)
            Self.expectOneLine(error, location: path, code: .truncated)
            #expect(error.message.hasPrefix("truncated: header says \(speech.frameCount) frames, read "))
        }
    }

    @Test(arguments: [SoundFileEncoding.mp3, .oggVorbis, .oggOpus])
    func lossyFilesCutInTheMiddle(encoding: SoundFileEncoding) throws {
        try TestAudio.withTemporaryDirectory { directory in
            let full = try TestAudio.write(try TestAudio.speech(), to: directory.appendingPathComponent("full"),
                                           encoding: encoding)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
            let path = directory.appendingPathComponent("cut").path
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
            let error = try Self.failure(reading: path)
            Self.expectOneLine(error, location: path, code: .truncated)
        }
    }

    @Test func textFileNamedWAV() throws {
        try TestAudio.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("notes.wav").path
            try Data("These are meeting notes, not audio.\n".utf8).write(to: URL(fileURLWithPath: path))
            let error = try Self.failure(reading: path)
            Self.expectOneLine(error, location: path, code: .unsupportedFormat)
            #expect(error.message.hasPrefix("not a recognised audio file format"))
        }
    }

    @Test func wavWithAnUnsupportedFormatTag() throws {
        try TestAudio.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("tag.wav").path
            try WAVBytes(formatTag: 0x1234, samples: try WAVBytes.speechSamples(count: 8000)).data
                .write(to: URL(fileURLWithPath: path))
            let error = try Self.failure(reading: path)
            Self.expectOneLine(error, location: path, code: .unsupportedFormat)
            #expect(error.message.hasPrefix("unsupported WAV codec (format tag 0x1234)"))
        }
    }

    @Test func wavWithNoFrames() throws {
        try TestAudio.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("nothing.wav").path
            try WAVBytes(samples: []).data.write(to: URL(fileURLWithPath: path))
            // Streaming and info are fine with an empty recording: 0 frames, end at once.
            let reader = try SoundFileReader(path: path)
            #expect(reader.frameCount == 0)
            #expect(reader.info.duration == 0)
            #expect(try reader.readFrames(maxFrames: 100) == nil)
            #expect(try SoundFileReader(path: path).measureLevels().frameCount == 0)
            // Whoever needs the audio gets a clear error instead of an empty buffer.
            let error = try #require(throws: AudioIOError.self) { try SoundFileReader.readAll(path: path) }
            Self.expectOneLine(error, location: path, code: .empty)
            #expect(error.message == "contains no audio (0 frames)")
        }
    }

    @Test(arguments: [(UInt32(0), UInt16(1)), (4_000_000_000, 1), (1_000_000, 1), (16_000, 0), (16_000, 5000),
                      (16_000, 65)])
    func absurdRatesAndChannelCounts(sampleRate: UInt32, channels: UInt16) throws {
        try TestAudio.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("absurd.wav").path
            var wav = WAVBytes(channels: channels, sampleRate: sampleRate, samples: try WAVBytes.speechSamples(count: 16_000))
            if channels == 0 { wav.declaredDataSize = 32_000 }
            try wav.data.write(to: URL(fileURLWithPath: path))
            let error = try Self.failure(reading: path)
            Self.expectOneLine(error, location: path, code: .invalidFormat)
            if channels == 1 {
                #expect(error.message.hasPrefix("header declares a sample rate of \(sampleRate) Hz"))
            } else {
                #expect(error.message.hasPrefix("header declares \(channels) channels"))
            }
        }
    }

    @Test func inMemoryGarbageNamesTheUpload() throws {
        let error = try #require(throws: AudioIOError.self) {
            try SoundFileReader(data: Data("GIF89a not audio".utf8), name: "upload-7")
        }
        Self.expectOneLine(error, location: "upload-7", code: .unsupportedFormat)
    }
}
