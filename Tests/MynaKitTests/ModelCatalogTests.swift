import Foundation
import MynaCore
import MynaKit
import MynaTestSupport
import Testing

@Suite struct ModelCatalogTests {
    @Test func fakeDirectoryReportsEachState() throws {
        let fake = try FakeModelsDirectory()
        defer { fake.remove() }
        let report = try ModelCatalog.check(ModelsDirectory(url: fake.url, source: .option),
                                            catalogue: FakeModelsDirectory.catalogue)
        #expect(report.hasManifest)
        #expect(report.models.map(\.name) == ["fake-good", "fake-damaged", "fake-absent", "fake-gone"])

        let good = try #require(report.models.first { $0.name == "fake-good" })
        #expect(good.state == .ok)
        #expect(good.isCatalogued)
        #expect(good.size == 1000)
        #expect(good.files.map(\.state) == [.ok])
        #expect(good.path == fake.url.appendingPathComponent("fake-good").path)

        let damaged = try #require(report.models.first { $0.name == "fake-damaged" })
        #expect(damaged.state == .mismatch)
        #expect(damaged.files.map(\.name) == ["intact.bin", "flipped.bin", "truncated.bin", "deleted.bin"])
        #expect(damaged.files.map(\.state) == [.ok, .mismatch, .mismatch, .missing])
        let flipped = damaged.files[1]
        #expect(flipped.size == 1000)
        #expect(flipped.sha256 != nil && flipped.sha256 != flipped.expectedSHA256)
        #expect(flipped.problem?.contains("sha256") == true)
        let truncated = damaged.files[2]
        #expect(truncated.size == 4000)
        #expect(truncated.sha256 == nil, "a file of the wrong size is not hashed")
        #expect(truncated.problem == "size 4000 bytes, expected 4096")
        #expect(damaged.files[3].size == nil)

        let absent = try #require(report.models.first { $0.name == "fake-absent" })
        #expect(absent.state == .notInstalled)
        #expect(absent.files.isEmpty)
        #expect(absent.packages.map(\.requirement) == ["fake-absent-wheel==3.0"])

        let gone = try #require(report.models.first { $0.name == "fake-gone" })
        #expect(gone.state == .missing)
        #expect(!gone.isCatalogued)

        #expect(report.damagedModels.map(\.name) == ["fake-damaged", "fake-gone"])
    }

    @Test func tableShowsStatesAndDamagedFiles() throws {
        let fake = try FakeModelsDirectory()
        defer { fake.remove() }
        let table = try ModelCatalog.check(ModelsDirectory(url: fake.url, source: .option),
                                           catalogue: FakeModelsDirectory.catalogue).table
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines.first == "Models directory: \(fake.url.path) (--models-dir)")
        #expect(lines.contains { $0.hasPrefix("fake-good ") && $0.contains(" 1.0 kB  ok ") })
        #expect(lines.contains { $0.hasPrefix("fake-damaged ") && $0.contains("MISMATCH") })
        #expect(lines.contains { $0.hasPrefix("fake-absent ") && $0.contains("not installed") && $0.contains("fake-absent-wheel==3.0") })
        #expect(lines.contains { $0.hasPrefix("fake-gone ") && $0.contains(" missing ") })
        #expect(lines.contains("fake-damaged/truncated.bin: MISMATCH: size 4000 bytes, expected 4096"))
        #expect(lines.contains("fake-damaged/deleted.bin: missing: no such file"))
        #expect(lines.contains { $0.hasPrefix("fake-damaged/flipped.bin: MISMATCH: sha256 ") })
        #expect(!lines.contains { $0.hasPrefix("fake-damaged/intact.bin") })
    }

    @Test func progressCoversEveryHashedByte() throws {
        let fake = try FakeModelsDirectory()
        defer { fake.remove() }
        var last: ModelCatalog.Progress?
        _ = try ModelCatalog.check(ModelsDirectory(url: fake.url, source: .option),
                                   catalogue: FakeModelsDirectory.catalogue) { last = $0 }
        // Hashed: weights.bin (1000), intact.bin (65), flipped.bin (1000); not the truncated or missing files.
        #expect(last?.totalByteCount == 2065)
        #expect(last?.hashedByteCount == 2065)
    }

    @Test func explicitDirectoryMustExist() throws {
        let base = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        let nowhere = base.appendingPathComponent("nowhere")
        for source in [ModelsDirectory.Source.option, .environment] {
            #expect { try ModelCatalog.check(ModelsDirectory(url: nowhere, source: source)) } throws: { error in
                (error as? ConfigurationError)?.field == nowhere.path
            }
        }
        // Found by default rather than asked for: an empty directory just means nothing is installed.
        let report = try ModelCatalog.check(ModelsDirectory(url: nowhere, source: .userData))
        #expect(!report.hasManifest)
        #expect(report.models.map(\.name) == ModelCatalog.pinned.map(\.name))
        #expect(report.models.allSatisfy { $0.state == .notInstalled })
        #expect(report.damagedModels.isEmpty)

        let file = base.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        #expect(throws: ConfigurationError.self) { try ModelCatalog.check(ModelsDirectory(url: file, source: .userData)) }
    }

    @Test(arguments: [
        ("not json", "not a valid model manifest"),
        (#"{"models": [{"name": "m"}]}"#, "missing key \"role\""),
        (#"{"models": [{"name": "../up", "role": "r", "packages": [], "files": []}]}"#, "not a plain directory name"),
        (#"{"models": [{"name": "m", "role": "r", "packages": [], "files": [{"name": "a/b", "size": 1, "sha256": "00"}]}]}"#,
         "not a plain file name"),
        (#"{"models": [{"name": "m", "role": "r", "packages": [], "files": [{"name": "a", "size": 1, "sha256": "zz"}]}]}"#,
         "is not 64 hex digits"),
    ])
    func malformedManifestIsOneClearError(contents: String, expectedMessage: String) throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let manifest = directory.appendingPathComponent("manifest.json")
        try Data(contents.utf8).write(to: manifest)
        #expect { try ModelCatalog.check(ModelsDirectory(url: directory, source: .option)) } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.field == manifest.path && error.message.contains(expectedMessage)
                && !error.description.contains("\n")
        }
    }

    @Test func directoryLookupOrder() throws {
        let repository = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: repository) }
        let models = repository.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        try Data(#"{"models": []}"#.utf8).write(to: models.appendingPathComponent("manifest.json"))
        let executable = repository.appendingPathComponent(".build/x86_64-unknown-linux-gnu/release/myna").path

        let explicit = ModelsDirectory.locate(explicitPath: "/opt/m", environment: ["MYNA_MODELS_DIR": "/env/m"],
                                              executablePath: executable)
        #expect(explicit == ModelsDirectory(url: URL(fileURLWithPath: "/opt/m"), source: .option))

        let fromEnvironment = ModelsDirectory.locate(explicitPath: nil, environment: ["MYNA_MODELS_DIR": "/env/m"],
                                                     executablePath: executable)
        #expect(fromEnvironment == ModelsDirectory(url: URL(fileURLWithPath: "/env/m"), source: .environment))

        let nextToExecutable = ModelsDirectory.locate(explicitPath: "", environment: ["MYNA_MODELS_DIR": ""],
                                                      executablePath: executable)
        #expect(nextToExecutable.source == .executable)
        #expect(nextToExecutable.url.standardizedFileURL.path == models.standardizedFileURL.path)

        let outside = URL(fileURLWithPath: "/").appendingPathComponent("myna-nonexistent-\(UUID().uuidString)/bin/myna").path
        let userData = ModelsDirectory.locate(explicitPath: nil, environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/u"],
                                              executablePath: outside)
        #expect(userData == ModelsDirectory(url: URL(fileURLWithPath: "/data/myna/models"), source: .userData))
        let home = ModelsDirectory.locate(explicitPath: nil, environment: ["HOME": "/home/u"], executablePath: outside)
        #expect(home == ModelsDirectory(url: URL(fileURLWithPath: "/home/u/.local/share/myna/models"), source: .userData))
    }

    /// An installed binary (`$(PREFIX)/bin/myna`) finds `$(PREFIX)/share/myna/models` from any working directory,
    /// after `--models-dir` and `$MYNA_MODELS_DIR` and before a `models/` further up and the user data directory.
    @Test func installedLocationIsFoundNextToBin() throws {
        let root = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // root/models/manifest.json would be found by the walk up; the installed one must win.
        let prefix = root.appendingPathComponent("usr/local")
        let installed = prefix.appendingPathComponent(ModelsDirectory.installedRelativePath)
        for models in [installed, root.appendingPathComponent("models")] {
            try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
            try Data(#"{"models": []}"#.utf8).write(to: models.appendingPathComponent("manifest.json"))
        }
        let executable = prefix.appendingPathComponent("bin/myna").path
        let userEnvironment = ["XDG_DATA_HOME": "/data", "HOME": "/home/u"]

        let found = ModelsDirectory.locate(explicitPath: nil, environment: userEnvironment, executablePath: executable)
        #expect(found.source == .installed)
        #expect(found.url.standardizedFileURL.path == installed.standardizedFileURL.path)

        let explicit = ModelsDirectory.locate(explicitPath: "/opt/m", environment: userEnvironment, executablePath: executable)
        #expect(explicit == ModelsDirectory(url: URL(fileURLWithPath: "/opt/m"), source: .option))
        let fromEnvironment = ModelsDirectory.locate(explicitPath: nil,
                                                     environment: userEnvironment.merging(["MYNA_MODELS_DIR": "/env/m"]) { $1 },
                                                     executablePath: executable)
        #expect(fromEnvironment == ModelsDirectory(url: URL(fileURLWithPath: "/env/m"), source: .environment))

        // Without a manifest the installed folder does not count: the walk up finds root/models.
        try FileManager.default.removeItem(at: installed.appendingPathComponent("manifest.json"))
        let walkedUp = ModelsDirectory.locate(explicitPath: nil, environment: userEnvironment, executablePath: executable)
        #expect(walkedUp.source == .executable)
        #expect(walkedUp.url.standardizedFileURL.path == root.appendingPathComponent("models").standardizedFileURL.path)

        // And with neither, the user data directory.
        try FileManager.default.removeItem(at: root.appendingPathComponent("models/manifest.json"))
        let userData = ModelsDirectory.locate(explicitPath: nil, environment: userEnvironment, executablePath: executable)
        #expect(userData == ModelsDirectory(url: URL(fileURLWithPath: "/data/myna/models"), source: .userData))
    }

    /// The compiled-in catalogue must say what scripts/models.json (the installer's list) says.
    @Test func catalogueMatchesInstallerList() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent("scripts/models.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let models = try #require(json["models"] as? [[String: Any]])
        #expect(models.count == ModelCatalog.pinned.count)
        for (model, descriptor) in zip(models, ModelCatalog.pinned) {
            #expect(model["name"] as? String == descriptor.name)
            #expect(model["role"] as? String == descriptor.role)
            let wheels = try #require(model["wheels"] as? [[String: Any]])
            #expect(wheels.map { $0["package"] as? String } == descriptor.packages.map(\.package))
            #expect(wheels.map { $0["version"] as? String } == descriptor.packages.map(\.version))
            #expect(wheels.map { $0["sha256"] as? String } == descriptor.packages.map(\.sha256))
            var files = wheels.flatMap { ($0["files"] as? [String] ?? []).map { String($0.split(separator: "/").last!) } }
            for (output, parts) in model["concatenate"] as? [String: [String]] ?? [:] {
                files.removeAll { parts.contains($0) }
                files.append(output)
            }
            #expect(Set(files) == Set(descriptor.fileNames), "files of \(descriptor.name)")
        }
    }

    /// The models installed by scripts/setup.sh must all be present and match their manifest. Always runs in CI
    /// (`CI=true`), where setup runs first, so missing models fail there; elsewhere it is skipped, and reported as
    /// skipped, when nothing is installed.
    @Test(.enabled(if: RealModels.available || RealModels.required, "models/manifest.json not installed (run scripts/setup.sh)"))
    func installedModelsAllMatch() throws {
        let report = try ModelCatalog.check(ModelsDirectory(url: Fixtures.models, source: .environment))
        #expect(report.hasManifest, "\(Fixtures.models.path)/manifest.json")
        for model in report.models {
            #expect(model.state == .ok, "\(model.name): \(model.state.label) \(model.files.compactMap(\.problem))")
        }
        #expect(report.models.filter(\.isCatalogued).count == ModelCatalog.pinned.count)
    }
}

enum RealModels {
    static var available: Bool {
        FileManager.default.fileExists(atPath: Fixtures.models.appendingPathComponent("manifest.json").path)
    }

    /// In CI the real models must be there.
    static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
}
