import Foundation
import Hummingbird
import HummingbirdTesting
import MynaKit
@testable import MynaServer
import MynaTestSupport
import Testing

/// The `/v1/speakers` routes in process, on a registry of their own in a temporary folder: enrolment, list, show,
/// verify, identify and removal, with the decisions checked against `myna verify|identify --json` run on the same
/// registry and files (the CLI reads the files from disk, the server the uploaded bytes), and each error with its
/// status, parameter and code.
@Suite(.serialized) struct SpeakerRouteTests {
    static func post(_ client: any TestClientProtocol, _ route: String, fields: [(String, String)] = [],
                     files: [String]) async throws -> TestResponse {
        let uploads = try files.map { (URL(fileURLWithPath: $0).lastPathComponent, try Data(contentsOf: URL(fileURLWithPath: $0))) }
        let (headers, body) = ServerTestSupport.multipart(fields: fields, files: uploads)
        return try await client.execute(uri: route, method: .post, headers: headers, body: body)
    }

    /// `myna ARGUMENTS --db DB --json`'s JSON object.
    static func cli(_ arguments: [String], db: String) throws -> [String: Any] {
        // The decision commands embed (and take --models-dir); `speakers list|show` only read the database.
        let models = arguments[0] == "speakers" ? [] : ["--models-dir", Fixtures.models.path]
        let result = try MynaExecutable.run(arguments + ["--db", db, "--json"] + models)
        let object = try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return try #require(object, "\(arguments): \(result.standardOutput) \(result.standardError)")
    }

    static func error(_ response: TestResponse) -> (param: String?, code: String?) {
        let error = ServerTestSupport.envelope(response.body)
        return (error?["param"] as? String, error?["code"] as? String)
    }

    @Test func enrolVerifyIdentifyListShowRemove() async throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("speakers.sqlite").path
        let speakers = try ServerSpeakers(registryPath: db, engine: ServerTestSupport.engine)
        let server = SpeechServer(engine: ServerTestSupport.engine, speakers: speakers)
        try await ServerTestSupport.withClient(server) { client in
            // Enrol: two recordings of alice, one of bob.
            var response = try await Self.post(client, "/v1/speakers", fields: [("name", "alice")], files: SpeakerClips.alice)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            var object = try ServerTestSupport.json(response.body)
            #expect(object["speaker"] as? String == "alice" && object["created"] as? Bool == true)
            #expect(object["addedRecordings"] as? Int == 2 && (object["addedSpeechSeconds"] as? Double ?? 0) > 1)
            response = try await Self.post(client, "/v1/speakers", fields: [("name", "bob")], files: [SpeakerClips.bob])
            #expect(response.status == .ok, "\(String(buffer: response.body))")

            // Verify: the same score and decision as `myna verify --json`.
            for (file, accepted) in [(SpeakerClips.aliceTest, true), (SpeakerClips.bobTest, false)] {
                response = try await Self.post(client, "/v1/speakers/alice/verify", files: [file])
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                object = try ServerTestSupport.json(response.body)
                let cli = try Self.cli(["verify", "alice", file], db: db)
                #expect(object["accepted"] as? Bool == accepted && cli["accepted"] as? Bool == accepted)
                let score = try #require(object["score"] as? Double), cliScore = try #require(cli["score"] as? Double)
                #expect(abs(score - cliScore) < 1e-9, "\(score) vs \(cliScore)")
                #expect(object["threshold"] as? Double == cli["threshold"] as? Double)
                #expect(object["file"] as? String == URL(fileURLWithPath: file).lastPathComponent)
                #expect(Set(object.keys) == Set(cli.keys))
            }

            // Identify: bob's held-out clip is bob, as the CLI says; the matches in the same order.
            response = try await Self.post(client, "/v1/speakers/identify", files: [SpeakerClips.bobTest])
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            object = try ServerTestSupport.json(response.body)
            let cli = try Self.cli(["identify", SpeakerClips.bobTest], db: db)
            #expect(object["speaker"] as? String == "bob" && cli["speaker"] as? String == "bob")
            #expect(object["identified"] as? Bool == true)
            let matches = try #require(object["matches"] as? [[String: Any]])
            let cliMatches = try #require(cli["matches"] as? [[String: Any]])
            #expect(matches.map { $0["speaker"] as? String } == cliMatches.map { $0["speaker"] as? String })

            // List and show, as `myna speakers list|show --json`.
            response = try await client.execute(uri: "/v1/speakers", method: .get)
            object = try ServerTestSupport.json(response.body)
            let listed = try #require(object["speakers"] as? [[String: Any]])
            #expect(listed.map { $0["name"] as? String } == ["alice", "bob"])
            let cliList = try #require(try Self.cli(["speakers", "list"], db: db)["speakers"] as? [[String: Any]])
            #expect(listed.map { $0["utteranceCount"] as? Int } == cliList.map { $0["utteranceCount"] as? Int })
            #expect(listed.map { $0["createdAt"] as? String } == cliList.map { $0["createdAt"] as? String })
            response = try await client.execute(uri: "/v1/speakers/alice", method: .get)
            object = try ServerTestSupport.json(response.body)
            #expect((object["recordings"] as? [[String: Any]])?.count == 2 && object["profile"] == nil)
            #expect(Set(object.keys) == Set(try Self.cli(["speakers", "show", "alice"], db: db).keys))
            response = try await client.execute(uri: "/v1/speakers/alice?embeddings=true", method: .get)
            #expect((try ServerTestSupport.json(response.body)["profile"] as? [Double])?.count == 256)

            // Adding to alice needs add=true; then her recordings grow.
            response = try await Self.post(client, "/v1/speakers", fields: [("name", "Alice")], files: [SpeakerClips.aliceTest])
            #expect(response.status == .conflict && Self.error(response).code == "speaker_exists", "\(String(buffer: response.body))")
            response = try await Self.post(client, "/v1/speakers", fields: [("name", "alice"), ("add", "true")],
                                           files: [SpeakerClips.aliceTest])
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            #expect(try ServerTestSupport.json(response.body)["recordings"] as? Int == 3)
            // The same recording again is a conflict too.
            response = try await Self.post(client, "/v1/speakers", fields: [("name", "alice"), ("add", "true")],
                                           files: [SpeakerClips.aliceTest])
            #expect(response.status == .conflict && Self.error(response).code == "recording_already_enrolled",
                    "\(String(buffer: response.body))")

            // Remove bob; then he is unknown.
            response = try await client.execute(uri: "/v1/speakers/bob", method: .delete)
            #expect(response.status == .ok)
            #expect((try ServerTestSupport.json(response.body)["removed"] as? [[String: Any]])?.first?["name"] as? String == "bob")
            for (method, uri) in [(HTTPRequest.Method.get, "/v1/speakers/bob"), (.delete, "/v1/speakers/bob")] {
                response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .notFound && Self.error(response).code == "speaker_not_found", "\(uri)")
            }
            response = try await Self.post(client, "/v1/speakers/bob/verify", files: [SpeakerClips.bobTest])
            #expect(response.status == .notFound && Self.error(response).param == "name")
        }
    }

    /// A name that needs percent-encoding in `/v1/speakers/{name}` (a space, a non-ASCII letter) reaches the registry
    /// decoded: shown, verified against and removed under the name it was enrolled with, as `myna speakers show` names
    /// it.
    @Test func aNameWithASpaceAndANonASCIILetterIsPercentDecoded() async throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("speakers.sqlite").path
        let speakers = try ServerSpeakers(registryPath: db, engine: ServerTestSupport.engine)
        let server = SpeechServer(engine: ServerTestSupport.engine, speakers: speakers)
        let name = "Zoë Ann"
        let encoded = try #require(name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed))
        #expect(encoded == "Zo%C3%AB%20Ann")
        try await ServerTestSupport.withClient(server) { client in
            var response = try await Self.post(client, "/v1/speakers", fields: [("name", name)], files: [SpeakerClips.alice[0]])
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            response = try await client.execute(uri: "/v1/speakers/\(encoded)", method: .get)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            #expect(try ServerTestSupport.json(response.body)["name"] as? String == name)
            #expect(try Self.cli(["speakers", "show", name], db: db)["name"] as? String == name)
            response = try await Self.post(client, "/v1/speakers/\(encoded)/verify", files: [SpeakerClips.aliceTest])
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            #expect(try ServerTestSupport.json(response.body)["speaker"] as? String == name)
            response = try await client.execute(uri: "/v1/speakers/\(encoded)", method: .delete)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            response = try await client.execute(uri: "/v1/speakers/\(encoded)", method: .get)
            #expect(response.status == .notFound && Self.error(response).code == "speaker_not_found")
        }
    }

    @Test func badRequestsNameWhatIsWrong() async throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let textFile = folder.appendingPathComponent("notes.txt")
        try Data("These are notes, not audio.\n".utf8).write(to: textFile)
        let emptyFile = folder.appendingPathComponent("empty.wav")
        try Data().write(to: emptyFile)
        let speakers = try ServerSpeakers(registryPath: folder.appendingPathComponent("speakers.sqlite").path,
                                          engine: ServerTestSupport.engine)
        let limits = ServerLimits(maxUploadBytes: 250_000)
        let server = SpeechServer(engine: ServerTestSupport.engine, limits: limits, speakers: speakers)
        try await ServerTestSupport.withClient(server) { client in
            // Nobody enrolled: identify is a 404 saying so.
            var response = try await Self.post(client, "/v1/speakers/identify", files: [SpeakerClips.bobTest])
            #expect(response.status == .notFound && Self.error(response).code == "speaker_not_found")
            let cases: [(fields: [(String, String)], files: [String], status: HTTPResponse.Status, param: String?, names: String?)] = [
                ([("name", "carol")], [textFile.path], .badRequest, "file", "notes.txt"),
                ([("name", "carol")], [emptyFile.path], .badRequest, "file", "empty.wav"),
                ([("name", "carol")], [SpeakerClips.short], .badRequest, "file", "spk-fsdd-0_george_0.flac"),
                ([("name", "carol")], [], .badRequest, "file", nil),
                ([], [SpeakerClips.bob], .badRequest, "name", nil),
                ([("name", "unknown")], [SpeakerClips.bob], .badRequest, "name", nil),
                ([("name", "carol")], SpeakerClips.alice + [SpeakerClips.bob], .contentTooLarge, nil, nil),
            ]
            for item in cases {
                response = try await Self.post(client, "/v1/speakers", fields: item.fields, files: item.files)
                #expect(response.status == item.status, "\(item.fields) \(item.files): \(String(buffer: response.body))")
                #expect(Self.error(response).param == item.param, "\(String(buffer: response.body))")
                if let names = item.names {
                    let message = ServerTestSupport.envelope(response.body)?["message"] as? String ?? ""
                    #expect(message.contains(names), "\(message)")
                }
            }
            // Nothing was enrolled by the failed requests.
            response = try await client.execute(uri: "/v1/speakers", method: .get)
            #expect((try ServerTestSupport.json(response.body)["speakers"] as? [Any])?.isEmpty == true)
            response = try await Self.post(client, "/v1/speakers/identify", fields: [("threshold", "7")], files: [SpeakerClips.bobTest])
            #expect(response.status == .badRequest && Self.error(response).param == "threshold")
            response = try await Self.post(client, "/v1/speakers/identify", files: [SpeakerClips.bob, SpeakerClips.bobTest])
            #expect(response.status == .badRequest && Self.error(response).param == "file")
        }
        // A server without a registry answers 404 on the speakers routes.
        try await ServerTestSupport.withClient { client in
            let response = try await client.execute(uri: "/v1/speakers", method: .get)
            #expect(response.status == .notFound && Self.error(response).code == "speakers_unavailable")
        }
    }
}
