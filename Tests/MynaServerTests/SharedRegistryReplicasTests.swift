import Foundation
import MynaKit
import MynaTestSupport
import Testing

/// Two `myna serve` replicas sharing one PostgreSQL speaker registry (a throwaway cluster; one replica over TCP with
/// a password, the other over the unix socket) behind nginx running deploy/nginx/myna.conf: what one replica
/// enrols, the other verifies and identifies at once (its in-memory index notices the registry's change counter);
/// both replicas creating one name at once give one speaker and one 409; a removal through one is seen by the other.
/// Scores are checked against `myna verify|identify --registry … --json` on the same database.
@Suite(.serialized) struct SharedRegistryReplicasTests {
    /// HTTP over real sockets (the replicas and nginx are separate processes).
    struct Client {
        let transport = HTTPClientTransport(connections: 4, timeoutSeconds: 600)

        func send(_ method: String, _ port: Int, _ path: String, fields: [(String, String)] = [],
                  files: [String] = []) async throws -> (status: Int, object: [String: Any]) {
            let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
            var request = RemoteHTTPRequest(method: method, url: url)
            if method == "POST" {
                let uploads = try files.map { (URL(fileURLWithPath: $0).lastPathComponent, try Data(contentsOf: URL(fileURLWithPath: $0))) }
                let (headers, body) = ServerTestSupport.multipart(fields: fields, files: uploads)
                request.headers = headers.map { (name: $0.name.canonicalName, value: $0.value) }
                request.body = Data(body.readableBytesView)
            }
            let response = try await transport.send(request)
            let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
            return (response.status, try #require(object, "\(method) \(path): \(String(decoding: response.body, as: UTF8.self))"))
        }
    }

    /// `myna ARGUMENTS --registry URL --json --models-dir …`'s JSON object.
    static func cli(_ arguments: [String], registry: String) throws -> [String: Any] {
        let result = try MynaExecutable.run(arguments + ["--registry", registry, "--json", "--models-dir", Fixtures.models.path])
        let object = try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return try #require(object, "\(arguments): \(result.standardOutput) \(result.standardError)")
    }

    @Test func whatOneReplicaEnrolsTheOtherVerifiesAndIdentifiesAtOnce() async throws {
        let database = try ThrowawayPostgres.shared().makeDatabase()
        let first = try ServerProcess(["--threads", "1"], registry: database.tcpURL)
        let second = try ServerProcess(["--threads", "1"], registry: database.socketURL)
        let nginx = try NginxProcess(upstreamPorts: [first.port, second.port])
        defer {
            nginx.stop()
            _ = first.stop()
            _ = second.stop()
        }
        let client = Client()

        // Bob enrolled through the second replica, which then builds its index (an identify) before alice exists.
        var answer = try await client.send("POST", second.port, "/v1/speakers", fields: [("name", "bob")], files: [SpeakerClips.bob])
        #expect(answer.status == 200 && answer.object["created"] as? Bool == true, "\(answer.object)")
        answer = try await client.send("POST", second.port, "/v1/speakers/identify", files: [SpeakerClips.aliceTest])
        #expect(answer.status == 200 && answer.object["speaker"] as? String != "alice", "\(answer.object)")

        // Alice enrolled through the first replica: the second verifies and identifies her at once.
        answer = try await client.send("POST", first.port, "/v1/speakers", fields: [("name", "alice")], files: SpeakerClips.alice)
        #expect(answer.status == 200 && answer.object["created"] as? Bool == true, "\(answer.object)")
        for (file, accepted) in [(SpeakerClips.aliceTest, true), (SpeakerClips.bobTest, false)] {
            answer = try await client.send("POST", second.port, "/v1/speakers/alice/verify", files: [file])
            #expect(answer.status == 200, "\(answer.object)")
            let cli = try Self.cli(["verify", "alice", file], registry: database.socketURL)
            #expect(answer.object["accepted"] as? Bool == accepted && cli["accepted"] as? Bool == accepted, "\(answer.object)")
            let score = try #require(answer.object["score"] as? Double), cliScore = try #require(cli["score"] as? Double)
            #expect(abs(score - cliScore) < 1e-6, "\(score) vs \(cliScore)")
        }
        answer = try await client.send("POST", second.port, "/v1/speakers/identify", files: [SpeakerClips.aliceTest])
        #expect(answer.status == 200 && answer.object["speaker"] as? String == "alice", "\(answer.object)")

        // Both replicas and nginx identify bob, ranking the speakers as the CLI does.
        let cliBob = try Self.cli(["identify", SpeakerClips.bobTest], registry: database.tcpURL)
        #expect(cliBob["speaker"] as? String == "bob")
        for port in [first.port, second.port, nginx.port] {
            answer = try await client.send("POST", port, "/v1/speakers/identify", files: [SpeakerClips.bobTest])
            #expect(answer.status == 200 && answer.object["speaker"] as? String == "bob", "\(answer.object)")
            let matches = try #require(answer.object["matches"] as? [[String: Any]])
            let cliMatches = try #require(cliBob["matches"] as? [[String: Any]])
            #expect(matches.map { $0["speaker"] as? String } == cliMatches.map { $0["speaker"] as? String })
        }

        // Both replicas create "carol" at the same moment: one speaker, one 200 and one 409, never two carols.
        async let viaFirst = client.send("POST", first.port, "/v1/speakers", fields: [("name", "carol")], files: [SpeakerClips.stranger])
        async let viaSecond = client.send("POST", second.port, "/v1/speakers", fields: [("name", "Carol")], files: [SpeakerClips.stranger])
        let statuses = try await [viaFirst.status, viaSecond.status].sorted()
        #expect(statuses == [200, 409], "\(statuses)")
        for port in [first.port, second.port] {
            answer = try await client.send("GET", port, "/v1/speakers")
            let listed = try #require(answer.object["speakers"] as? [[String: Any]])
            #expect(listed.compactMap { $0["name"] as? String }.map { $0.lowercased() } == ["alice", "bob", "carol"], "\(listed)")
            #expect(listed.map { $0["utteranceCount"] as? Int } == [2, 1, 1], "\(listed)")
        }

        // Bob removed through the second replica is unknown to the first at once.
        answer = try await client.send("DELETE", second.port, "/v1/speakers/bob")
        #expect(answer.status == 200, "\(answer.object)")
        answer = try await client.send("POST", first.port, "/v1/speakers/bob/verify", files: [SpeakerClips.bobTest])
        #expect(answer.status == 404, "\(answer.object)")
        answer = try await client.send("POST", first.port, "/v1/speakers/identify", files: [SpeakerClips.bobTest])
        #expect(answer.status == 200 && answer.object["speaker"] as? String != "bob", "\(answer.object)")
    }
}
