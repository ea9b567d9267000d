import Foundation
import MynaTestSupport
import Testing

/// `scripts/install.sh` (what `make install` and `make uninstall` run), with the debug binary into a temporary prefix:
/// the installed binary, run from another folder with no `MYNA_MODELS_DIR` and an empty home, finds the installed
/// models; uninstall removes exactly what install put there.
@Suite struct InstallTests {
    static let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/install.sh")

    typealias Result = CommandResult

    /// Runs `executable arguments…` in `directory` with exactly `environment`.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String],
                    in directory: URL) throws -> Result {
        try ChildProcess.run(executable, arguments, environment: environment, currentDirectory: directory)
    }

    /// The test process's environment without anything that would point myna or the script somewhere else, with
    /// HOME and XDG_DATA_HOME in an empty folder of the test.
    static func cleanEnvironment(home: URL) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["MYNA_MODELS_DIR", "MYNA_VOCODERS_DIR", "MYNA_BIN", "PREFIX", "DESTDIR", "XDG_DATA_DIRS"] {
            environment[name] = nil
        }
        environment["HOME"] = home.path
        environment["XDG_DATA_HOME"] = home.appendingPathComponent(".local/share").path
        environment["XDG_CACHE_HOME"] = home.appendingPathComponent(".cache").path
        environment["XDG_CONFIG_HOME"] = home.appendingPathComponent(".config").path
        environment["TMPDIR"] = home.deletingLastPathComponent().path
        return environment
    }

    static func install(_ arguments: [String], environment: [String: String], in directory: URL) throws -> Result {
        try run(URL(fileURLWithPath: "/bin/bash"), [script.path] + arguments, environment: environment, in: directory)
    }

    /// Every file (not folder) under `root`, relative to it, sorted.
    static func files(under root: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey],
                                                              options: []) else { return [] }
        var files: [String] = []
        for case let url as URL in enumerator {
            let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
            if !isDirectory { files.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))) }
        }
        return files.sorted()
    }

    /// The models are hard-linked when the temporary folder is on the checkout's filesystem (no 400 MB copy, and the
    /// installed tree is real files, listed one by one), else symlinked.
    static func modelsMode(for directory: URL) throws -> String {
        let models = try FileManager.default.attributesOfItem(atPath: Fixtures.models.path)[.systemNumber] as? Int
        let temporary = try FileManager.default.attributesOfItem(atPath: directory.path)[.systemNumber] as? Int
        return models != nil && models == temporary ? "hardlink" : "symlink"
    }

    /// swift-argument-parser's generate-manual, when it was built next to the myna binary
    /// (`swift build --product generate-manual`) or named by `MYNA_GENERATE_MANUAL`.
    static var manualTool: URL? {
        if let path = ProcessInfo.processInfo.environment["MYNA_GENERATE_MANUAL"] { return URL(fileURLWithPath: path) }
        let candidate = MynaExecutable.url.deletingLastPathComponent().appendingPathComponent("generate-manual")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    @Test func installedBinaryFindsItsModelsFromAnywhereAndUninstallRemovesExactlyThat() throws {
        let root = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let prefix = root.appendingPathComponent("prefix"), home = root.appendingPathComponent("home")
        let elsewhere = root.appendingPathComponent("elsewhere")
        for folder in [home, elsewhere] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        // Files of someone else already in the prefix: uninstall must leave them (and their folders).
        let foreign = ["bin/other-tool", "share/man/man1/other.1"]
        for path in foreign {
            let url = prefix.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("someone else's\n".utf8).write(to: url)
        }
        let environment = Self.cleanEnvironment(home: home)

        let installed = try Self.install(["--binary", MynaExecutable.url.path, "--prefix", prefix.path, "--destdir", "",
                                          "--models", Fixtures.models.path, "--models-mode", try Self.modelsMode(for: root),
                                          "--no-man"],
                                         environment: environment, in: elsewhere)
        #expect(installed.exitCode == 0, "\(installed.standardError)")
        let binary = prefix.appendingPathComponent("bin/myna")
        #expect(FileManager.default.isExecutableFile(atPath: binary.path))
        for (path, marker) in [("share/bash-completion/completions/myna", "myna"), ("share/zsh/site-functions/_myna", "#compdef myna"),
                               ("share/fish/vendor_completions.d/myna.fish", "complete -c 'myna'")] {
            let text = (try? String(contentsOf: prefix.appendingPathComponent(path), encoding: .utf8)) ?? ""
            let hasMarker = text.contains(marker), hasSubcommands = text.contains("transcribe") && text.contains("speakers")
            #expect(hasMarker, "\(path) lacks \"\(marker)\": \(text.prefix(80))")
            #expect(hasSubcommands, "\(path) does not complete the subcommands")
        }
        #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent("share/myna/models/manifest.json").path))
        #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent("share/myna/vocoders/hifigan-universal.json").path))
        #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent("share/myna/install-manifest.txt").path))

        // The installed binary, from another folder, no MYNA_MODELS_DIR, an empty home: it uses the installed models,
        // and they all match their manifest.
        let models = try Self.run(binary, ["models", "--json"], environment: environment, in: elsewhere)
        #expect(models.exitCode == 0, "\(models.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(models.standardOutput.utf8)) as? [String: Any])
        #expect(report["directorySource"] as? String == "installed with the executable")
        let directory = try #require(report["directory"] as? String)
        #expect(URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
                == prefix.appendingPathComponent("share/myna/models").resolvingSymlinksInPath().path)

        let transcript = try Self.run(binary, ["transcribe", Fixtures.sample("jfk.flac")], environment: environment, in: elsewhere)
        #expect(transcript.exitCode == 0, "\(transcript.standardError)")
        let expected = try TranscribeCommandTests.fasterWhisperSegments("whisper-tiny.en", clip: "asr/dev/wcpp-jfk.flac")
            .map { $0.text.trimmingCharacters(in: .whitespaces) + "\n" }.joined()
        #expect(transcript.standardOutput == expected)
        // Nothing was written into the working folder or the home.
        #expect(Self.files(under: elsewhere).isEmpty)

        let uninstalled = try Self.install(["--uninstall", "--prefix", prefix.path, "--destdir", ""],
                                           environment: environment, in: elsewhere)
        #expect(uninstalled.exitCode == 0, "\(uninstalled.standardError)")
        #expect(Self.files(under: prefix) == foreign.sorted())
        // The folders install created are gone; those that held someone else's files stay.
        #expect(try FileManager.default.contentsOfDirectory(atPath: prefix.path).sorted() == ["bin", "share"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: prefix.appendingPathComponent("share").path) == ["man"])
        // The checkout's models are untouched (they were hard-linked or symlinked, not moved).
        #expect(FileManager.default.fileExists(atPath: Fixtures.models.appendingPathComponent("manifest.json").path))
        #expect(FileManager.default.fileExists(atPath: Fixtures.models.appendingPathComponent("whisper-tiny.en/model.bin").path))

        let again = try Self.install(["--uninstall", "--prefix", prefix.path, "--destdir", ""], environment: environment, in: elsewhere)
        #expect(again.exitCode != 0)
        #expect(again.standardError.contains("nothing to uninstall"))
    }

    /// The man page lists every subcommand (the tree `myna --experimental-dump-help` reports); a second install
    /// replaces the first; uninstall leaves an empty prefix. Needs generate-manual built (`make install` builds it).
    @Test(.enabled(if: InstallTests.manualTool != nil,
                   "generate-manual not built next to myna (swift build --product generate-manual, or set MYNA_GENERATE_MANUAL)"))
    func manPageListsEveryCommand() throws {
        let tool = try #require(Self.manualTool)
        let root = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let prefix = root.appendingPathComponent("prefix"), home = root.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let environment = Self.cleanEnvironment(home: home)
        let arguments = ["--binary", MynaExecutable.url.path, "--prefix", prefix.path, "--destdir", "", "--no-models",
                         "--manual-tool", tool.path]
        for _ in 0..<2 {
            let installed = try Self.install(arguments, environment: environment, in: home)
            #expect(installed.exitCode == 0, "\(installed.standardError)")
        }
        let page = try String(contentsOf: prefix.appendingPathComponent("share/man/man1/myna.1"), encoding: .utf8)
        #expect(page.contains(".Dt MYNA 1"))
        #expect(!page.split(separator: "\n", omittingEmptySubsequences: false).contains(""), "empty lines make mdoc warn")

        let dump = try Self.run(MynaExecutable.url, ["--experimental-dump-help"], environment: environment, in: home)
        let tree = try #require(try JSONSerialization.jsonObject(with: Data(dump.standardOutput.utf8)) as? [String: Any])
        func subcommands(_ command: [String: Any]) -> [String] {
            (command["subcommands"] as? [[String: Any]] ?? []).flatMap { [$0["commandName"] as? String ?? "?"] + subcommands($0) }
        }
        let names = subcommands(try #require(tree["command"] as? [String: Any]))
        #expect(names.count >= 20)
        for name in names {
            #expect(page.contains(".It Em \(name)\n"), "man page lacks \(name)")
        }

        let uninstalled = try Self.install(["--uninstall", "--prefix", prefix.path, "--destdir", ""], environment: environment, in: home)
        #expect(uninstalled.exitCode == 0, "\(uninstalled.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: prefix.path).isEmpty)
    }
}
