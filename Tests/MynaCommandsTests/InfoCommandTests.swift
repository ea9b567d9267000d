import Foundation
import MynaAudioFile
import MynaCore
import MynaTestSupport
import Testing

/// `myna info` run as a user would: tables, JSON, and one error line per bad file. Fixtures are written at test time
/// from real speech into a temporary directory.
@Suite struct InfoCommandTests {
    static let speechPath = Fixtures.shared("asr/dev/coqui-LJ001-0001.flac")
    static let jsonKeys: Set<String> = ["path", "container", "codec", "channels", "sampleRate", "frames", "durationSeconds",
                                        "peakDBFS", "rmsDBFS"]

    /// A temporary directory with real speech written as a 16-bit WAV, a stereo FLAC and an Ogg Vorbis file.
    struct Workspace {
        var directory: URL
        var wav: String
        var stereoFLAC: String
        var vorbis: String

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        func write(_ data: Data, to name: String) throws -> String {
            let path = path(name)
            try data.write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    static func withWorkspace(_ body: (Workspace) throws -> Void) throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let speech = try SoundFileReader.readAll(path: speechPath)
        let jfk = try SoundFileReader.readAll(path: Fixtures.shared("asr/dev/wcpp-jfk.flac"))
        let frames = min(speech.frameCount, jfk.frameCount)
        let stereo = AudioBuffer(format: AudioFormat(sampleRate: 16_000, channelCount: 2),
                                 samples: (0..<frames).flatMap { [speech.samples[$0], jfk.samples[$0]] })
        func write(_ buffer: AudioBuffer, _ name: String, _ encoding: SoundFileEncoding) throws -> String {
            let path = directory.appendingPathComponent(name).path
            let writer = try SoundFileWriter(path: path, format: buffer.format, encoding: encoding)
            try writer.writeFrames(buffer)
            try writer.finishWriting()
            return path
        }
        try body(Workspace(directory: directory, wav: try write(speech, "speech.wav", .wav16),
                           stereoFLAC: try write(stereo, "stereo.flac", .flac16),
                           vorbis: try write(speech, "speech.ogg", .oggVorbis)))
    }

    /// What the library reports for `path`, for comparison with the command's output.
    static func libraryView(_ path: String) throws -> (info: SoundFileInfo, levels: SoundLevels) {
        let reader = try SoundFileReader(path: path)
        return (reader.info, try reader.measureLevels())
    }

    static func jsonObjects(_ text: String) throws -> [[String: Any]] {
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(parsed as? [[String: Any]], "not a JSON array of objects: \(text)")
    }

    @Test func tableShowsEachFile() throws {
        try Self.withWorkspace { workspace in
            let result = try MynaExecutable.run(["info", Self.speechPath, workspace.wav, workspace.stereoFLAC, workspace.vorbis])
            #expect(result.exitCode == 0, "\(result.standardError)")
            #expect(result.standardError.isEmpty)
            let lines = result.standardOutput.split(separator: "\n").map(String.init)
            try #require(lines.count == 5, "\(result.standardOutput)")
            #expect(lines[0].hasPrefix("FILE"))
            for column in ["CONTAINER", "CODEC", "CHANNELS", "RATE", "DURATION", "PEAK", "RMS"] {
                #expect(lines[0].contains(column))
            }
            let expectations = [(Self.speechPath, "FLAC", "FLAC 16-bit", "1"), (workspace.wav, "WAV", "PCM 16-bit", "1"),
                                (workspace.stereoFLAC, "FLAC", "FLAC 16-bit", "2"), (workspace.vorbis, "OGG", "Vorbis", "1")]
            for (line, (path, container, codec, channels)) in zip(lines.dropFirst(), expectations) {
                let view = try Self.libraryView(path)
                #expect(line.hasPrefix(path + " "))
                #expect(line.contains(" \(container) "))
                #expect(line.contains(" \(codec) "))
                #expect(line.contains(" \(channels)  "))
                #expect(line.contains("16000 Hz"))
                #expect(line.contains(String(format: "%.3f s", view.info.duration)))
                #expect(line.contains(String(format: "%.1f dBFS", view.levels.peakDBFS)))
                #expect(line.hasSuffix(String(format: "%.1f dBFS", view.levels.rmsDBFS)))
            }
        }
    }

    @Test func jsonHasStableKeysAndTheLibrarysValues() throws {
        try Self.withWorkspace { workspace in
            let paths = [Self.speechPath, workspace.wav, workspace.stereoFLAC, workspace.vorbis]
            let result = try MynaExecutable.run(["info", "--json"] + paths)
            #expect(result.exitCode == 0, "\(result.standardError)")
            let objects = try Self.jsonObjects(result.standardOutput)
            try #require(objects.count == paths.count)
            for (object, path) in zip(objects, paths) {
                #expect(Set(object.keys) == Self.jsonKeys)
                let view = try Self.libraryView(path)
                #expect(object["path"] as? String == path)
                #expect(object["container"] as? String == view.info.container)
                #expect(object["codec"] as? String == view.info.codec)
                #expect(object["channels"] as? Int == view.info.channelCount)
                #expect(object["sampleRate"] as? Int == view.info.sampleRate)
                #expect(object["frames"] as? Int == view.info.frameCount)
                let duration = try #require(object["durationSeconds"] as? Double)
                assertClose(duration, view.info.duration, atol: 1e-12)
                let peak = try #require(object["peakDBFS"] as? Double)
                let rms = try #require(object["rmsDBFS"] as? Double)
                assertClose(peak, view.levels.peakDBFS, atol: 1e-9)
                assertClose(rms, view.levels.rmsDBFS, atol: 1e-9)
            }
        }
    }

    @Test func badFilesAmongGoodOnesGetOneLineEachAndANonZeroExit() throws {
        try Self.withWorkspace { workspace in
            let missing = workspace.path("missing.wav")
            let text = try workspace.write(Data("not audio at all\n".utf8), to: "notes.wav")
            for json in [false, true] {
                let result = try MynaExecutable.run(["info"] + (json ? ["--json"] : [])
                                                    + [workspace.wav, missing, workspace.vorbis, text])
                #expect(result.exitCode == 2)
                let errors = result.standardError.split(separator: "\n").map(String.init)
                try #require(errors.count == 2, "\(result.standardError)")
                // With --json each error is a JSON object on stderr (README "Exit codes").
                let prefix = json ? #"{"error":{"code":2,"message":""# : "myna: error: "
                #expect(errors[0].hasPrefix("\(prefix)\(missing): "))
                #expect(errors[1].hasPrefix("\(prefix)\(text): "))
                if json {
                    let objects = try Self.jsonObjects(result.standardOutput)
                    #expect(objects.compactMap { $0["path"] as? String } == [workspace.wav, workspace.vorbis])
                } else {
                    let lines = result.standardOutput.split(separator: "\n")
                    #expect(lines.count == 3)
                    #expect(lines.dropFirst().map { String($0.prefix { $0 != " " }) } == [workspace.wav, workspace.vorbis])
                }
            }
        }
    }

    /// Each bad input on its own: exactly one line on stderr, `myna: error: <path>: <problem>`, exit status 2, nothing on
    /// stdout.
    @Test func eachBadInputGivesOneErrorLine() throws {
        try Self.withWorkspace { workspace in
            let wavBytes = try Data(contentsOf: URL(fileURLWithPath: workspace.wav))
            func patched(_ offset: Int, _ bytes: [UInt8], _ name: String) throws -> String {
                var copy = wavBytes
                copy.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
                return try workspace.write(copy, to: name)
            }
            // The WAV above has a plain 44-byte header: format tag at 20, channels at 22, rate at 24.
            #expect(wavBytes.prefix(4) == Data("RIFF".utf8) && wavBytes[36..<40] == Data("data".utf8))
            let emptyPath = try workspace.write(Data(), to: "empty.wav")
            let cases: [(path: String, problem: String)] = [
                (workspace.path("missing.flac"), "no such file"),
                (workspace.directory.path, "is a folder"),
                (emptyPath, "file is empty"),
                (try workspace.write(wavBytes.prefix(20), to: "header20.wav"), "WAV header is cut short"),
                (try workspace.write(wavBytes.prefix(44 + 64_000), to: "cut.wav"), "truncated: header says 154480 frames, read 32000"),
                (try workspace.write(Data("Just some text, saved as .wav by mistake.\n".utf8), to: "text.wav"),
                 "not a recognised audio file format"),
                (try patched(20, [0x34, 0x12], "tag.wav"), "unsupported WAV codec (format tag 0x1234)"),
                (try patched(24, [0, 0, 0, 0], "rate0.wav"), "header declares a sample rate of 0 Hz"),
                (try patched(24, [0x00, 0x28, 0x6B, 0xEE], "rate4g.wav"), "header declares a sample rate of 4000000000 Hz"),
                (try patched(22, [0, 0], "channels0.wav"), "header declares 0 channels"),
                (try patched(22, [0x88, 0x13], "channels5000.wav"), "header declares 5000 channels"),
            ]
            for (path, problem) in cases {
                let result = try MynaExecutable.run(["info", path])
                #expect(result.exitCode == 2, "\(path): exit \(result.exitCode) \(result.standardError)")
                #expect(result.standardOutput.isEmpty, "\(path)")
                let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(lines.count == 2 && lines[1].isEmpty, "\(path): \(result.standardError)")
                #expect(result.standardError.hasPrefix("myna: error: \(path): \(problem)"), "\(result.standardError)")
            }
        }
    }

    @Test func aValidFileWithNoAudioShowsZeroDuration() throws {
        try Self.withWorkspace { workspace in
            let wavBytes = try Data(contentsOf: URL(fileURLWithPath: workspace.wav))
            var header = wavBytes.prefix(44)
            // RIFF size 36 and data size 0: a complete, valid, empty WAV.
            header.replaceSubrange(4..<8, with: [36, 0, 0, 0])
            header.replaceSubrange(40..<44, with: [0, 0, 0, 0])
            let path = try workspace.write(Data(header), to: "silent.wav")
            let result = try MynaExecutable.run(["info", "--json", path])
            #expect(result.exitCode == 0, "\(result.standardError)")
            let object = try #require(try Self.jsonObjects(result.standardOutput).first)
            #expect(object["frames"] as? Int == 0)
            #expect(object["durationSeconds"] as? Double == 0)
            #expect(object["peakDBFS"] is NSNull)
            #expect(object["rmsDBFS"] is NSNull)
            let table = try MynaExecutable.run(["info", path])
            #expect(table.exitCode == 0)
            #expect(table.standardOutput.contains("0.000 s"))
            #expect(table.standardOutput.contains("-inf dBFS"))
        }
    }

    @Test func helpExplainsWithAnExample() throws {
        let result = try MynaExecutable.run(["info", "--help"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("myna info audio-samples/jfk.flac"))
        #expect(result.standardOutput.contains("--json"))
    }

    @Test func noFilesIsAUsageError() throws {
        let result = try MynaExecutable.run(["info"])
        #expect(result.exitCode != 0)
        #expect(!result.standardError.isEmpty)
    }
}
