import Foundation
import MynaTestSupport
import Testing

/// Where `myna spectrogram` writes: PNG names only, files replaced whole, stdin and stdout as `-`.
@Suite("myna spectrogram output")
struct SpectrogramOutputTests {
    static let clip = Fixtures.sample("LJ001-0002.flac")

    @Test("-o with another extension than .png (or --npy than .npy) is refused with exit 2 and nothing written")
    func otherExtensionsAreRefused() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let jpg = folder.appendingPathComponent("x.jpg").path, png = folder.appendingPathComponent("x.png").path
        let cases: [([String], String)] = [
            (["-o", jpg], "-o \(jpg): spectrogram writes PNG pictures only, not .jpg"),
            (["-o", folder.appendingPathComponent("x.JPEG").path], "not .jpeg"),
            (["-o", png, "--npy", folder.appendingPathComponent("x.txt").path], "name the file with .npy"),
            (["-o", "-", "--json"], "--json"),
        ]
        for (arguments, message) in cases {
            let result = try MynaExecutable.run(["spectrogram", Self.clip] + arguments)
            #expect(result.exitCode == 2, "\(arguments)")
            let first = result.standardError.split(separator: "\n").first.map(String.init) ?? ""
            #expect(first.contains(message), "\(result.standardError)")
            #expect(result.standardOutput.isEmpty)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("-o twice over a user's file: replaced by the same PNG, nothing else left")
    func replacesAFileTwice() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = folder.appendingPathComponent("out.png")
        try Data("a picture the user had here".utf8).write(to: png)
        var written: [Data] = []
        for run in 1...2 {
            let result = try MynaExecutable.run(["spectrogram", Self.clip, "-o", png.path, "--json"])
            #expect(result.exitCode == 0, "run \(run): \(result.standardError)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            let data = try Data(contentsOf: png)
            PNGChecks.expectValidRGB([UInt8](data), width: try #require(json["width"] as? Int), height: try #require(json["height"] as? Int))
            written.append(data)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.png"], "run \(run)")
        }
        #expect(written[0] == written[1])
    }

    @Test("'-' reads stdin (titled and reported as stdin); -o - writes the same PNG to stdout and makes no file")
    func standardStreams() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let audio = try Data(contentsOf: URL(fileURLWithPath: Self.clip))
        let png = folder.appendingPathComponent("stdin.png").path
        let toFile = try MynaExecutable.run(["spectrogram", "-", "-o", png, "--json"], input: audio)
        #expect(toFile.exitCode == 0, "\(toFile.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(toFile.standardOutput.utf8)) as? [String: Any])
        #expect(json["input"] as? String == "stdin")
        let toStandardOutput = try MynaExecutable.run(["spectrogram", "-", "-o", "-"], input: audio, currentDirectory: folder)
        #expect(toStandardOutput.exitCode == 0, "\(toStandardOutput.standardError)")
        // The runner decodes stdout as UTF-8; the same bytes decode to the same string.
        #expect(toStandardOutput.standardOutput == String(decoding: try Data(contentsOf: URL(fileURLWithPath: png)), as: UTF8.self))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["stdin.png"])

        let bad = try MynaExecutable.run(["spectrogram", "-", "-o", png], input: Data("not audio".utf8))
        #expect(bad.exitCode == 2)
        #expect(bad.standardError.hasPrefix("myna: error: stdin: ") && !bad.standardError.contains("/proc/"), "\(bad.standardError)")
    }
}
