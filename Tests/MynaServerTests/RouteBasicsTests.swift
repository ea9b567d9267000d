import Foundation
import Hummingbird
import HummingbirdTesting
import MynaKit
@testable import MynaServer
import MynaTestSupport
import Testing

/// Health, models, the API key, unknown routes and the error envelope, in process.
@Suite struct RouteBasicsTests {
    @Test func healthAnswersWithoutTheKey() async throws {
        try await ServerTestSupport.withClient(ServerTestSupport.server(apiKey: "secret")) { client in
            try await client.execute(uri: "/health", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(try ServerTestSupport.json(response.body)["status"] as? String == "ok")
            }
        }
    }

    @Test func everyOtherRouteNeedsTheKey() async throws {
        try await ServerTestSupport.withClient(ServerTestSupport.server(apiKey: "secret")) { client in
            for headers: HTTPFields in [[:], [.authorization: "Bearer wrong"], [.authorization: "secret"]] {
                try await client.execute(uri: "/v1/models", method: .get, headers: headers) { response throws in
                    #expect(response.status == .unauthorized)
                    let error = ServerTestSupport.envelope(response.body)
                    #expect(error?["type"] as? String == "authentication_error", "\(String(buffer: response.body))")
                }
            }
            let (headers, body) = try ServerTestSupport.jsonBody(["model": "tts-1", "input": "Hi.", "voice": "alloy"])
            try await client.execute(uri: "/v1/audio/speech", method: .post, headers: headers, body: body) { response throws in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/models", method: .get, headers: [.authorization: "Bearer secret"]) { response throws in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func modelsListOpenAINamesAndInstalledModels() async throws {
        try await ServerTestSupport.withClient { client in
            try await client.execute(uri: "/v1/models", method: .get) { response throws in
                #expect(response.status == .ok)
                let list = try ServerTestSupport.json(response.body)
                #expect(list["object"] as? String == "list")
                let data = try #require(list["data"] as? [[String: Any]])
                let ids = data.compactMap { $0["id"] as? String }
                for id in ["whisper-1", "whisper-tiny.en", "whisper-base", "tts-1", "tts-1-hd", "piper-en_US-joe-medium"] {
                    #expect(ids.contains(id), "\(ids)")
                }
                for model in data {
                    #expect(model["object"] as? String == "model")
                    #expect(model["created"] is Int && model["owned_by"] is String)
                    #expect(model.count == 4)
                }
            }
            try await client.execute(uri: "/v1/models/whisper-tiny.en", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(try ServerTestSupport.json(response.body)["id"] as? String == "whisper-tiny.en")
            }
            try await client.execute(uri: "/v1/models/gpt-5", method: .get) { response throws in
                #expect(response.status == .notFound)
                #expect(ServerTestSupport.envelope(response.body)?["code"] as? String == "model_not_found")
            }
        }
    }

    @Test func unknownRoutesAndMethodsAnswerWithTheEnvelope() async throws {
        try await ServerTestSupport.withClient { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post) { response throws in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/json")
                #expect(ServerTestSupport.envelope(response.body) != nil, "\(String(buffer: response.body))")
            }
        }
    }

    @Test func apiKeyComparison() {
        #expect(APIKeyMiddleware.equalInConstantTime("secret", "secret"))
        #expect(!APIKeyMiddleware.equalInConstantTime("secret", "secreT"))
        #expect(!APIKeyMiddleware.equalInConstantTime("secret", "secret2"))
        #expect(!APIKeyMiddleware.equalInConstantTime("", "x"))
    }

    @Test func headerParameters() {
        let disposition = HeaderParameters(#"form-data; name="file"; filename="a \"b\".wav""#)
        #expect(disposition["name"] == "file")
        #expect(disposition["filename"] == #"a "b".wav"#)
        #expect(HeaderParameters("multipart/form-data; boundary=xyz")["boundary"] == "xyz")
        #expect(HeaderParameters("multipart/form-data")["boundary"] == nil)
    }
}
