import Foundation
import MynaAudioFile
import MynaCore
import MynaTestSupport
import Testing

/// All-or-nothing writing: the destination appears only on `finishWriting()`, and failures leave nothing behind.
@Suite struct SoundFileWriterTests {
    static let format = AudioFormat.speech16k

    @Test func fileAppearsOnlyWhenFinished() throws {
        let speech = try TestAudio.speech()
        try TestAudio.withTemporaryDirectory { directory in
            let destination = directory.appendingPathComponent("out.wav")
            let writer = try SoundFileWriter(path: destination.path, format: speech.format, encoding: .wav16)
            try writer.writeFrames(speech)
            let during = try TestAudio.contents(of: directory)
            #expect(during.count == 1)
            #expect(during.first?.hasPrefix(".out.wav.partial-") == true)
            #expect(!FileManager.default.fileExists(atPath: destination.path))
            try writer.finishWriting()
            #expect(try TestAudio.contents(of: directory) == ["out.wav"])
            #expect(try SoundFileReader.readAll(path: destination.path) == speech)
        }
    }

    @Test func releasingWithoutFinishingLeavesNothing() throws {
        try TestAudio.withTemporaryDirectory { directory in
            do {
                let writer = try SoundFileWriter(path: directory.appendingPathComponent("gone.flac").path,
                                                 format: Self.format, encoding: .flac16)
                try writer.writeFrames(try TestAudio.speech())
            }
            #expect(try TestAudio.contents(of: directory) == [])
        }
    }

    @Test func finishingReplacesAnExistingFileAtomically() throws {
        let speech = try TestAudio.speech()
        try TestAudio.withTemporaryDirectory { directory in
            let destination = directory.appendingPathComponent("same.wav")
            try TestAudio.write(speech, to: destination, encoding: .wav16)
            let shorter = AudioBuffer(format: speech.format, samples: Array(speech.samples.prefix(16_000)))
            let writer = try SoundFileWriter(path: destination.path, format: speech.format, encoding: .wav16)
            try writer.writeFrames(shorter)
            // Until the rename, readers still see the complete old file.
            #expect(try SoundFileReader(path: destination.path).frameCount == speech.frameCount)
            try writer.finishWriting()
            #expect(try SoundFileReader.readAll(path: destination.path) == shorter)
            #expect(try TestAudio.contents(of: directory) == ["same.wav"])
        }
    }

    @Test func refusesNonFiniteSamplesAndKeepsWorking() throws {
        try TestAudio.withTemporaryDirectory { directory in
            let destination = directory.appendingPathComponent("nan.wav")
            let writer = try SoundFileWriter(path: destination.path, format: Self.format, encoding: .wavFloat32)
            let error = try #require(throws: AudioIOError.self) {
                try writer.writeFrames(AudioBuffer(mono: [0, .nan, 0], sampleRate: 16_000))
            }
            #expect(error.code == .invalidArgument)
            #expect(error.location == destination.path)
            #expect(error.message.contains("sample 1"))
            try writer.writeFrames(AudioBuffer(mono: [0.5, 0.25], sampleRate: 16_000))
            try writer.finishWriting()
            #expect(try SoundFileReader.readAll(path: destination.path).samples == [0.5, 0.25])
        }
    }

    @Test func refusesAMismatchedBufferFormat() throws {
        try TestAudio.withTemporaryDirectory { directory in
            let writer = try SoundFileWriter(path: directory.appendingPathComponent("m.wav").path, format: Self.format,
                                             encoding: .wav16)
            let error = try #require(throws: AudioIOError.self) {
                try writer.writeFrames(AudioBuffer(mono: [0, 0], sampleRate: 22_050))
            }
            #expect(error.code == .invalidArgument)
        }
    }

    @Test func refusesWritesAfterFinishing() throws {
        try TestAudio.withTemporaryDirectory { directory in
            let writer = try SoundFileWriter(path: directory.appendingPathComponent("f.wav").path, format: Self.format,
                                             encoding: .wav16)
            try writer.finishWriting()
            #expect(throws: AudioIOError.self) { try writer.writeFrames(AudioBuffer(mono: [0], sampleRate: 16_000)) }
            #expect(throws: AudioIOError.self) { try writer.finishWriting() }
        }
    }

    @Test func asyncSinkWritesTheSameFile() async throws {
        let speech = try TestAudio.speech()
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sink.flac").path
        let sink: any AudioSink = try SoundFileWriter(path: path, format: speech.format, encoding: .flac16)
        try await sink.write(speech)
        try await sink.finish()
        #expect(try SoundFileReader.readAll(path: path) == speech)
    }

    @Test(arguments: ["/proc/myna-test.wav", "/nonexistent-myna-dir/sub/out.wav"])
    func unwritableLocationsFailWithThePath(path: String) throws {
        let error = try #require(throws: OutputFileError.self) {
            try SoundFileWriter(path: path, format: Self.format, encoding: .wav16)
        }
        #expect(error.code == .invalidDestination)
        #expect(error.location == path)
        #expect(!error.description.contains("\n"))
    }

    @Test func aDirectoryIsNotAnOutputFile() throws {
        try TestAudio.withTemporaryDirectory { directory in
            let error = try #require(throws: OutputFileError.self) {
                try SoundFileWriter(path: directory.path, format: Self.format, encoding: .wav16)
            }
            #expect(error.code == .invalidDestination)
            #expect(error.message.contains("is a folder"))
        }
    }

    @Test func formatsAnEncodingCannotHoldAreRefusedUpFront() throws {
        try TestAudio.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("x.opus").path
            let opus = try #require(throws: AudioIOError.self) {
                try SoundFileWriter(path: path, format: AudioFormat(sampleRate: 44_100, channelCount: 1), encoding: .oggOpus)
            }
            #expect(opus.code == .invalidFormat)
            #expect(opus.message.contains("Opus"))
            for format in [AudioFormat(sampleRate: 0, channelCount: 1), AudioFormat(sampleRate: 16_000, channelCount: 0),
                           AudioFormat(sampleRate: 4_000_000_000, channelCount: 1),
                           AudioFormat(sampleRate: 16_000, channelCount: 5000)] {
                let error = try #require(throws: AudioIOError.self) {
                    try SoundFileWriter(path: path, format: format, encoding: .wav16)
                }
                #expect(error.code == .invalidFormat, "\(format)")
            }
            #expect(try TestAudio.contents(of: directory) == [])
        }
    }
}
