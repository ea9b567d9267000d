import Foundation
import MynaTestSupport
import Testing

/// `myna enroll | verify | identify | speakers … --registry postgres://…` (and `$MYNA_REGISTRY`) against a database
/// of the test process's throwaway PostgreSQL cluster, through the built binary.
@Suite struct PostgresRegistryCommandTests {
    static func json(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
                     "not a JSON object: \(result.standardOutput)")
    }

    @Test func enrollVerifyIdentifyOnPostgresDecideAsOnSQLite() throws {
        let cluster = try ThrowawayPostgres.shared()
        let database = try cluster.makeDatabase()
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = folder.appendingPathComponent("speakers.sqlite").path
        func myna(_ arguments: [String], registry: [String] = [], environment: [String: String] = [:]) throws -> CommandResult {
            try MynaExecutable.run(arguments + registry, environment: ["XDG_DATA_HOME": folder.path].merging(environment) { $1 })
        }
        let postgres = ["--registry", database.socketURL]

        // Enrol over the unix socket (--registry) and over TCP with a password ($MYNA_REGISTRY).
        var result = try myna(["enroll", "alice"] + SpeakerClips.alice, registry: postgres)
        #expect(result.exitCode == 0, "\(result.standardError)")
        result = try myna(["enroll", "--json", "bob", SpeakerClips.bob], environment: ["MYNA_REGISTRY": database.tcpURL])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(try Self.json(result)["created"] as? Bool == true)
        // The same recording again is a conflict: exit 5, nothing added.
        result = try myna(["enroll", "ALICE", SpeakerClips.alice[0]], registry: postgres)
        #expect(result.exitCode == 5, "\(result.standardError)")

        // The oracle: the same enrolments in a SQLite file give the same decisions and scores.
        for (name, clips) in [("alice", SpeakerClips.alice), ("bob", [SpeakerClips.bob])] {
            #expect(try myna(["enroll", name] + clips, registry: ["--db", sqlite]).exitCode == 0)
        }
        for (name, clip, accepted) in [("alice", SpeakerClips.aliceTest, true), ("alice", SpeakerClips.bobTest, false)] {
            let onPostgres = try myna(["verify", "--json", name, clip], registry: postgres)
            let onSQLite = try myna(["verify", "--json", name, clip], registry: ["--db", sqlite])
            #expect(onPostgres.exitCode == (accepted ? 0 : 1), "\(onPostgres.standardError)")
            let a = try Self.json(onPostgres), b = try Self.json(onSQLite)
            #expect(a["accepted"] as? Bool == accepted)
            #expect(abs((a["score"] as? Double ?? -1) - (b["score"] as? Double ?? -2)) < 1e-6)
        }
        result = try myna(["identify", "--json", SpeakerClips.bobTest], registry: postgres)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let identified = try Self.json(result)
        #expect(identified["speaker"] as? String == "bob")
        #expect((identified["matches"] as? [[String: Any]])?.map { $0["speaker"] as? String } == ["bob", "alice"])
        result = try myna(["identify", SpeakerClips.stranger], registry: postgres)
        #expect(result.exitCode == 1)

        result = try myna(["speakers", "list", "--json"], registry: postgres)
        let listed = try #require(try Self.json(result)["speakers"] as? [[String: Any]])
        #expect(listed.map { $0["name"] as? String } == ["alice", "bob"] && listed.map { $0["utteranceCount"] as? Int } == [2, 1])
        #expect(try myna(["speakers", "rename", "bob", "Robert"], registry: postgres).exitCode == 0)
        #expect(try myna(["speakers", "remove", "Robert"], registry: postgres).exitCode == 0)
        #expect(try myna(["verify", "bob", SpeakerClips.bobTest], registry: postgres).exitCode == 4)
    }

    /// Each failure is one line on stderr with its exit code, never showing a password, and changes nothing.
    @Test func badURLsUnreachableServersWrongPasswordsAndNewerSchemasAreOneLine() throws {
        let cluster = try ThrowawayPostgres.shared()
        let database = try cluster.makeDatabase()
        func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
            try MynaExecutable.run(arguments, environment: environment)
        }
        func expectOneLine(_ result: CommandResult, exitCode: Int32, mentioning fragment: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
            let lines = result.standardError.split(separator: "\n")
            #expect(result.exitCode == exitCode, "\(result.standardError)", sourceLocation: sourceLocation)
            #expect(lines.count == 1 && lines[0].contains(fragment), "\(result.standardError)", sourceLocation: sourceLocation)
            #expect(!result.standardError.contains("s3cret") && !result.standardError.contains(cluster.password),
                    sourceLocation: sourceLocation)
        }
        let port = try LoopbackPort.free()
        expectOneLine(try run(["identify", SpeakerClips.bobTest, "--registry", "postgres://myna:s3cret@127.0.0.1:\(port)/x", "--db-timeout", "2"]),
                      exitCode: 6, mentioning: "cannot connect")
        expectOneLine(try run(["enroll", "alice", SpeakerClips.bob, "--registry", database.tcpURL(password: "s3cret")]),
                      exitCode: 6, mentioning: "refused the login")
        expectOneLine(try run(["verify", "alice", SpeakerClips.bobTest], environment: ["MYNA_REGISTRY": "postgres://myna:s3cret@/"]),
                      exitCode: 2, mentioning: "MYNA_REGISTRY")
        expectOneLine(try run(["speakers", "list", "--registry", database.socketURL, "--db", "/tmp/x.sqlite"]),
                      exitCode: 2, mentioning: "not both")

        #expect(try run(["enroll", "alice", SpeakerClips.bob, "--registry", database.socketURL]).exitCode == 0)
        try cluster.psql("UPDATE myna_schema SET version = version + 1", database: database.name)
        for command in [["enroll", "carol", SpeakerClips.alice[0]], ["identify", SpeakerClips.bobTest], ["speakers", "list"]] {
            expectOneLine(try run(command + ["--registry", database.socketURL]), exitCode: 6, mentioning: "newer Myna")
        }
        #expect(try cluster.psql("SELECT count(*) FROM myna_speaker", database: database.name) == "1")
    }
}
