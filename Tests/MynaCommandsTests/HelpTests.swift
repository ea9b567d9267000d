import Foundation
import MynaTestSupport
import Testing

/// `--help` of `myna` and of every subcommand: the list is exactly what Myna.swift registers, and each subcommand's
/// help exits 0 and shows an example. Subcommands are read from the help output itself, so the test follows as
/// commands are added.
@Suite struct HelpTests {
    /// The first word of each entry under `SUBCOMMANDS:` in help output, without ArgumentParser's own `help`.
    static func subcommands(inHelp text: String) -> [String] {
        var names: [String] = []
        var inSection = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { inSection = true; continue }
            guard inSection else { continue }
            // Entries are indented by two spaces; wrapped abstracts by more; the section ends at a blank line.
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
            if let name = line.split(separator: " ").first, name != "help" { names.append(String(name)) }
        }
        return names
    }

    /// Command names of the types in the `subcommands:` list of Sources/MynaCommands/Myna.swift and in the `adding:`
    /// list of Sources/myna/main.swift (`serve` from MynaServer, `wyoming` from MynaWyoming), read from the sources: a type's `commandName:` if
    /// its file sets one, else ArgumentParser's default (words in lowercase joined by `-`).
    static func registeredSubcommands() throws -> [String] {
        let root = Fixtures.repositoryRoot.appendingPathComponent("Sources")
        let typeNames = try typeNames(in: root.appendingPathComponent("MynaCommands/Myna.swift"), after: "subcommands: [")
            + typeNames(in: root.appendingPathComponent("myna/main.swift"), after: "adding: [")

        // MynaCommands' files first: a protocol type elsewhere may share a command's name (Wyoming's `Transcribe`).
        var files: [String] = []
        for folder in ["MynaCommands", "MynaServer", "MynaWyoming"] {
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if url.pathExtension == "swift" { files.append(try String(contentsOf: url, encoding: .utf8)) }
            }
        }
        return try typeNames.map { typeName in
            let declaration = try #require(files.first { $0.contains("struct \(typeName):") || $0.contains("struct \(typeName) :") },
                                           "no file declares struct \(typeName)")
            if let nameRange = declaration.range(of: #"commandName: ""#) {
                let rest = declaration[nameRange.upperBound...]
                return String(rest.prefix { $0 != "\"" })
            }
            var name = ""
            for (index, character) in typeName.enumerated() {
                if character.isUppercase && index > 0 { name += "-" }
                name += character.lowercased()
            }
            return name
        }
    }

    /// The `Type.self` names of the first list after `marker` in `file`.
    static func typeNames(in file: URL, after marker: String) throws -> [String] {
        let source = try String(contentsOf: file, encoding: .utf8)
        let start = try #require(source.range(of: marker), "\(file.lastPathComponent) has no '\(marker)'")
        let end = try #require(source[start.upperBound...].range(of: "]"))
        let list = source[start.upperBound..<end.lowerBound]
            .split(separator: "\n").map { $0.split(separator: "//").first.map(String.init) ?? "" }.joined(separator: " ")
        return list.split(whereSeparator: { ",\n ".contains($0) })
            .filter { $0.hasSuffix(".self") }.map { String($0.dropLast(".self".count)) }
    }

    @Test func rootHelpListsExactlyTheRegisteredSubcommands() throws {
        let result = try MynaExecutable.run(["--help"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("USAGE: myna"))
        let listed = Self.subcommands(inHelp: result.standardOutput)
        let registered = try Self.registeredSubcommands()
        #expect(!registered.isEmpty)
        #expect(listed.sorted() == registered.sorted(), "myna --help lists \(listed); Myna.swift registers \(registered)")
    }

    @Test func everySubcommandHelpHasAnExample() throws {
        let root = try MynaExecutable.run(["--help"])
        var pending = Self.subcommands(inHelp: root.standardOutput).map { [$0] }
        #expect(!pending.isEmpty)
        var checked = 0
        while let path = pending.popLast() {
            let result = try MynaExecutable.run(path + ["--help"])
            let command = "myna \(path.joined(separator: " ")) --help"
            #expect(result.exitCode == 0, "\(command) exited \(result.exitCode): \(result.standardError)")
            #expect(result.standardOutput.contains("USAGE: myna \(path.joined(separator: " "))"), "\(command)")
            #expect(result.standardOutput.contains("Example"), "\(command) shows no example")
            #expect(result.standardError.isEmpty, "\(command) wrote to stderr: \(result.standardError)")
            pending += Self.subcommands(inHelp: result.standardOutput).map { path + [$0] }
            checked += 1
        }
        #expect(checked > 0)
    }

    @Test func versionPrints() throws {
        let result = try MynaExecutable.run(["--version"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.split(separator: ".").count == 3, "\(result.standardOutput)")
    }
}
