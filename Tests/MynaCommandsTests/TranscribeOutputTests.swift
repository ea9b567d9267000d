import Foundation
import MynaTestSupport
import Testing

/// Where `myna transcribe` writes: files replaced whole over what was there, the format from the extension, folders,
/// colliding names, several inputs on stdout, and stdin and stdout as `-`. Greedy decoding of short clips keeps the
/// runs fast; what a file must hold is what the same run prints on stdout.
@Suite struct TranscribeOutputTests {
    static let short = Fixtures.sample("LJ001-0002.flac")
    static let jfk = Fixtures.sample("jfk.flac")

    /// `myna transcribe --beam-size 1 arguments…`, required to succeed.
    static func transcribe(_ arguments: [String], input: Data? = nil, in folder: URL? = nil,
                           sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try MynaExecutable.run(["transcribe", "--beam-size", "1"] + arguments, input: input, currentDirectory: folder)
        #expect(result.exitCode == 0, "\(arguments): \(result.standardError)", sourceLocation: sourceLocation)
        return result.standardOutput
    }

    /// A run that must be refused with exit 2 and one error containing `named` (the `myna: error:` line, or with --json
    /// the JSON object), printing nothing on stdout.
    static func expectRefused(_ arguments: [String], naming named: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try MynaExecutable.run(["transcribe", "--beam-size", "1"] + arguments)
        #expect(result.exitCode == 2, "\(arguments): \(result.standardError)", sourceLocation: sourceLocation)
        let first = result.standardError.split(separator: "\n").first.map(String.init) ?? ""
        let message: String
        if arguments.contains("--json") {
            let object = try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: [String: Any]]
            message = object?["error"]?["message"] as? String ?? ""
        } else {
            message = first.hasPrefix("myna: error: ") ? first : ""
        }
        #expect(message.contains(named), "\(arguments): \(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardOutput.isEmpty, sourceLocation: sourceLocation)
    }

    static func contents(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("-o twice over a user's file: replaced, the format from the extension, equal to stdout", arguments: ["txt", "srt", "vtt", "tsv", "json"])
    func replacesAFileTwice(format: String) throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let printed = try Self.transcribe(["--format", format, Self.short])
        #expect(!printed.isEmpty)
        // JSON on stdout ends its line; the file is openai-whisper's json.dump, with no newline after the object.
        let expected = format == "json" ? String(printed.dropLast()) : printed
        let file = folder.appendingPathComponent("pre.\(format)")
        try Data("a file the user had here\n".utf8).write(to: file)
        for run in 1...2 {
            #expect(try Self.transcribe(["-o", file.path, Self.short]).isEmpty, "run \(run) prints nothing")
            #expect(try String(contentsOf: file, encoding: .utf8) == expected, "run \(run)")
            #expect(try Self.contents(folder) == ["pre.\(format)"], "run \(run) leaves nothing else")
        }
    }

    @Test("--output-dir twice over a user's file, one file per input, equal to stdout")
    func outputDirectoryTwice() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = ["LJ001-0002.srt": try Self.transcribe(["--format", "srt", Self.short]),
                        "jfk.srt": try Self.transcribe(["--format", "srt", Self.jfk])]
        try Data("old subtitles\n".utf8).write(to: folder.appendingPathComponent("jfk.srt"))
        for run in 1...2 {
            #expect(try Self.transcribe(["--output-dir", folder.path, "--format", "srt", Self.short, Self.jfk]).isEmpty)
            #expect(try Self.contents(folder) == expected.keys.sorted(), "run \(run)")
            for (name, text) in expected {
                #expect(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) == text, "run \(run): \(name)")
            }
        }
    }

    @Test("a missing --output-dir is created with its parents; one that cannot be is refused before any work")
    func outputDirectoryIsCreated() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let deep = folder.appendingPathComponent("new/deeper")
        _ = try Self.transcribe(["--output-dir", deep.path, Self.short])
        #expect(try Self.contents(deep) == ["LJ001-0002.txt"])

        let file = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let blocked = file.appendingPathComponent("sub").path
        let result = try MynaExecutable.run(["transcribe", "--beam-size", "1", "--output-dir", blocked, Self.short, Self.jfk])
        #expect(result.exitCode == 2)
        // One error for the folder, not one per input file.
        #expect(result.standardError.hasPrefix("myna: error: \(blocked): cannot create this folder"), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(try Self.contents(folder) == ["a-file", "new"])
    }

    @Test("two inputs with one base name, or an output over an input, are refused before any work")
    func collisionsAreRefused() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a/x.flac"), b = folder.appendingPathComponent("b/x.flac")
        let wav = folder.appendingPathComponent("a/x.wav")
        for copy in [a, b, wav] {
            try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Self.short, toPath: copy.path)
        }
        let out = folder.appendingPathComponent("out")
        try Self.expectRefused(["--output-dir", out.path, a.path, b.path], naming: "\(a.path) and \(b.path) would both be written to \(out.path)/x.txt")
        try Self.expectRefused(["--output-dir", out.path, a.path, wav.path], naming: "\(a.path) and \(wav.path) would both")
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing created")
        let before = try Data(contentsOf: a)
        try Self.expectRefused(["-o", a.path, a.path], naming: "is one of the input files")
        #expect(try Data(contentsOf: a) == before)
    }

    @Test("the format follows the extension of -o; a --format that contradicts it is refused")
    func formatFromExtension() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases = [("out.vtt", "vtt"), ("OUT.TSV", "tsv"), ("notes.text", "txt"), ("no-extension", "txt")]
        for (name, format) in cases {
            _ = try Self.transcribe(["-o", folder.appendingPathComponent(name).path, Self.short])
            #expect(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                        == Self.transcribe(["--format", format, Self.short]), "\(name) is \(format)")
        }
        let srt = folder.appendingPathComponent("out.txt").path
        try Self.expectRefused(["--format", "srt", "-o", srt, Self.short], naming: "--format srt")
        try Self.expectRefused(["--json", "-o", folder.appendingPathComponent("out.srt").path, Self.short], naming: "--json")
        try Self.expectRefused(["--json", "--format", "tsv", Self.short], naming: "--json and --format tsv")
        #expect(try Self.contents(folder) == cases.map(\.0).sorted())
    }

    @Test("several inputs on stdout are labelled: txt headers, tsv file column, json lines with file; srt refused")
    func severalInputsOnStandardOutput() throws {
        let one = try Self.transcribe([Self.short]), two = try Self.transcribe([Self.jfk])
        #expect(try Self.transcribe([Self.short, Self.jfk]) == "==> \(Self.short) <==\n\(one)\n==> \(Self.jfk) <==\n\(two)")

        let lines = try Self.transcribe(["--json", "-o", "-", Self.short, Self.jfk]).split(separator: "\n")
        #expect(lines.count == 2)
        let singles = [try Self.transcribe(["--json", Self.short]), try Self.transcribe(["--json", Self.jfk])]
        for (index, (line, path)) in zip(lines, [Self.short, Self.jfk]).enumerated() {
            var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object.removeValue(forKey: "file") as? String == path)
            let single = try #require(try JSONSerialization.jsonObject(with: Data(singles[index].utf8)) as? NSDictionary)
            #expect(NSDictionary(dictionary: object) == single, "line \(index) is the file's own JSON plus file")
        }

        let tsv = try Self.transcribe(["--format", "tsv", Self.short, Self.jfk]).split(separator: "\n")
        let rows = try [Self.short, Self.jfk].flatMap { path in
            try Self.transcribe(["--format", "tsv", path]).split(separator: "\n").dropFirst().map { "\(path)\t\($0)" }
        }
        #expect(tsv.map(String.init) == ["file\tstart\tend\ttext"] + rows)

        for format in ["srt", "vtt"] {
            try Self.expectRefused(["--format", format, Self.short, Self.jfk], naming: "--output-dir")
        }
    }

    @Test("'-' reads the audio from stdin: the JFK text equals faster-whisper's; errors call it stdin")
    func standardInput() throws {
        let audio = try Data(contentsOf: URL(fileURLWithPath: Self.jfk))
        let result = try MynaExecutable.run(["transcribe", "-"], input: audio)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let expected = try TranscribeCommandTests.fasterWhisperSegments("whisper-tiny.en", clip: "asr/dev/wcpp-jfk.flac")
            .map { $0.text.trimmingCharacters(in: .whitespaces) + "\n" }.joined()
        #expect(result.standardOutput == expected)

        let labelled = try Self.transcribe(["-", Self.short], input: try Data(contentsOf: URL(fileURLWithPath: Self.short)))
        #expect(labelled.hasPrefix("==> stdin <==\n") && labelled.contains("\n==> \(Self.short) <==\n"), "\(labelled)")

        let bad = try MynaExecutable.run(["transcribe", "-"], input: Data("not audio\n".utf8))
        #expect(bad.exitCode == 2)
        #expect(bad.standardError.hasPrefix("myna: error: stdin: ") && !bad.standardError.contains("/proc/"), "\(bad.standardError)")
    }

    @Test("-o - writes to stdout and makes no file named '-'")
    func dashOutputIsStandardOutput() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let printed = try Self.transcribe(["-o", "-", "--format", "vtt", Self.short], in: folder)
        #expect(printed.hasPrefix("WEBVTT\n"))
        #expect(printed == (try Self.transcribe(["--format", "vtt", Self.short])))
        #expect(try Self.contents(folder).isEmpty)
    }
}
