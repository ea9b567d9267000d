import Foundation
import Hummingbird
import HummingbirdTesting
import MynaKit
@testable import MynaServer
import MynaTestSupport
import Testing

/// `GET /metrics`: Prometheus' text exposition behind the API key, parsed here; the request counters, the latency
/// histogram, the audio seconds (against the duration of the WAV the server sent) and the engine gate's load move
/// with what the server did.
@Suite struct MetricsRouteTests {
    static let auth: HTTPFields = [.authorization: "Bearer secret"]

    /// Sample lines `name{labels} value` as a dictionary keyed by `name{labels}` as written.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    static func scrape(_ client: any TestClientProtocol) async throws -> [String: Double] {
        let response = try await client.execute(uri: "/metrics", method: .get, headers: auth)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
        return samples(String(buffer: response.body))
    }

    @Test func countersHistogramsAudioAndQueueDepthMove() async throws {
        let server = ServerTestSupport.server(apiKey: "secret")
        try await ServerTestSupport.withClient(server) { client in
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
            let before = try await Self.scrape(client)
            #expect(before[#"myna_engine_requests_running"#] == 0 && before[#"myna_engine_requests_waiting"#] == 0)

            for _ in 0..<2 { _ = try await client.execute(uri: "/health", method: .get) }
            _ = try await client.execute(uri: "/v1/nothing-here", method: .get, headers: Self.auth)
            let (headers, body) = try ServerTestSupport.jsonBody(["model": "tts-1", "input": "Hello there.", "voice": "alloy",
                                                                  "response_format": "pcm"])
            var speechHeaders = headers
            speechHeaders[.authorization] = "Bearer secret"
            let speech = try await client.execute(uri: "/v1/audio/speech", method: .post, headers: speechHeaders, body: body)
            #expect(speech.status == .ok)
            // 16-bit mono PCM at the voice's 22 050 Hz.
            let spokenSeconds = Double(speech.body.readableBytes / 2) / 22_050

            try await server.gate.enter()
            let after = try await Self.scrape(client)
            await server.gate.leave()

            #expect(after[#"myna_http_requests_total{route="/health",method="GET",status="200"}"#] == 2, "\(after)")
            #expect(after[#"myna_http_requests_total{route="NotFound",method="GET",status="404"}"#] == 1, "\(after)")
            #expect(after[#"myna_http_requests_total{route="/metrics",method="GET",status="401"}"#] == 1, "\(after)")
            #expect(after[#"myna_http_requests_total{route="/v1/audio/speech",method="POST",status="200"}"#] == 1, "\(after)")
            #expect(after[#"myna_http_request_duration_seconds_count{route="/health",method="GET"}"#] == 2)
            #expect(after[#"myna_http_request_duration_seconds_bucket{route="/health",method="GET",le="+Inf"}"#] == 2)
            let audio = try #require(after[#"myna_audio_seconds_total{route="/v1/audio/speech"}"#], "\(after)")
            #expect(abs(audio - spokenSeconds) < 1e-6, "\(audio) s counted, \(spokenSeconds) s sent")
            #expect(after[#"myna_engine_requests_running"#] == 1)

            let last = try await Self.scrape(client)
            #expect(last[#"myna_engine_requests_running"#] == 0)
            #expect(last[#"myna_http_requests_total{route="/metrics",method="GET",status="200"}"#] == 2)
        }
    }
}
