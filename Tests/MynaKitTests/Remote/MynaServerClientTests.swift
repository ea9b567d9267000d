import Foundation
import MynaKit
import MynaRecognition
import Synchronization
import Testing

/// `MynaServerClient` against a scripted transport and a virtual clock: what is sent, which failures are sent again
/// and after how long, and what reaches the caller. (The real server is driven in MynaCommandsTests'
/// TranscribeServerTests and in the replicas test behind nginx.)
@Suite struct MynaServerClientTests {
    /// Answers from a script, one per attempt, recording the requests; the clock records the waits.
    final class Script: RemoteHTTPTransport, @unchecked Sendable {
        enum Step { case answer(RemoteHTTPResponse), connectionFails }
        private let state: Mutex<(steps: [Step], requests: [RemoteHTTPRequest], waits: [Double])>
        init(_ steps: [Step]) { state = Mutex((steps, [], [])) }

        func send(_ request: RemoteHTTPRequest) async throws -> RemoteHTTPResponse {
            let step = state.withLock { state -> Step in
                state.requests.append(request)
                return state.steps.removeFirst()
            }
            switch step {
            case .answer(let response): return response
            case .connectionFails: throw RemoteConnectionFailure(reason: "connection refused")
            }
        }
        func sleep(_ seconds: Double) { state.withLock { $0.waits.append(seconds) } }
        var requests: [RemoteHTTPRequest] { state.withLock { $0.requests } }
        var waits: [Double] { state.withLock { $0.waits } }
        var stepsLeft: Int { state.withLock { $0.steps.count } }
    }

    static let transcript = Transcript(text: " Hello.", segments: [
        TranscriptSegment(id: 0, seek: 0, start: 0, end: 1.5, text: " Hello.", tokens: [50364, 2425, 13, 50439],
                          temperature: 0, avgLogProb: -0.2, compressionRatio: 0.7, noSpeechProb: 0.01),
    ], language: "en")

    static var transcriptAnswer: RemoteHTTPResponse {
        var writer = TranscriptFormat.json.makeWriter()
        return RemoteHTTPResponse(status: 200, contentType: "application/json", body: Data(writer.render(transcript).utf8))
    }

    static func error(_ status: Int, _ message: String, retryAfter: Double? = nil) -> RemoteHTTPResponse {
        RemoteHTTPResponse(status: status, retryAfterSeconds: retryAfter, contentType: "application/json",
                           body: Data(#"{"error":{"message":"\#(message)","type":"x","param":null,"code":null}}"#.utf8))
    }

    func client(_ script: Script, server: String = "http://user:secret@127.0.0.1:8080/base",
                policy: RemoteRetryPolicy = .default) throws -> MynaServerClient {
        try MynaServerClient(server: server, apiKey: "k", retryPolicy: policy, transport: script,
                             sleep: { script.sleep($0) })
    }

    @Test func sendsTheFormAndReadsTheTranscript() async throws {
        let script = Script([.answer(Self.transcriptAnswer)])
        let request = RemoteTranscriptionRequest(model: "tiny.en", language: "en", prompt: "Names: Ana.", wordTimestamps: true)
        let transcript = try await client(script).transcribe(Data([1, 2, 3]), fileName: "a \"b\".flac", request: request)
        #expect(transcript == Self.transcript)
        let sent = try #require(script.requests.first)
        #expect(sent.url.absoluteString == "http://user:secret@127.0.0.1:8080/base/v1/audio/transcriptions")
        let headers = Dictionary(sent.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        #expect(headers["Authorization"] == "Bearer k")
        let contentType = try #require(headers["Content-Type"])
        #expect(contentType.hasPrefix("multipart/form-data; boundary="))
        let body = String(decoding: sent.body, as: UTF8.self)
        for (name, value) in [("model", "tiny.en"), ("response_format", "myna_json"), ("language", "en"),
                              ("prompt", "Names: Ana."), ("timestamp_granularities[]", "word")] {
            #expect(body.contains("Content-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"), "\(name)")
        }
        #expect(body.contains(#"name="file"; filename="a _b_.flac""#))
    }

    @Test func translationsGoToTheirRouteWithoutALanguage() async throws {
        let script = Script([.answer(Self.transcriptAnswer)])
        _ = try await client(script, server: "http://127.0.0.1:1").transcribe(
            Data([1]), fileName: "x.wav", request: RemoteTranscriptionRequest(model: "base", language: "de", task: .translate))
        let sent = try #require(script.requests.first)
        #expect(sent.url.absoluteString == "http://127.0.0.1:1/v1/audio/translations")
        #expect(!String(decoding: sent.body, as: UTF8.self).contains("name=\"language\""))
    }

    /// A replica going away behind the proxy (connection refused, 502, 503), a full queue (429 with Retry-After) and a
    /// server error are sent again, waiting the backoff or the server's Retry-After, whichever is longer.
    @Test func transientFailuresAreSentAgainWithBackoff() async throws {
        let script = Script([.connectionFails, .answer(Self.error(502, "bad gateway")), .answer(Self.error(503, "down")),
                             .answer(Self.error(429, "queue full", retryAfter: 7)), .answer(Self.error(500, "bug")),
                             .answer(Self.transcriptAnswer)])
        let retries = Mutex<[MynaServerClient.Retry]>([])
        let transcript = try await client(script).transcribe(Data([1]), fileName: "x.flac",
                                                             request: RemoteTranscriptionRequest(model: "whisper-1")) { retry in
            retries.withLock { $0.append(retry) }
        }
        #expect(transcript == Self.transcript)
        #expect(script.waits == [0.5, 1, 2, 7, 8])
        #expect(retries.withLock { $0.map(\.attempt) } == [1, 2, 3, 4, 5])
        #expect(retries.withLock { $0[3].reason } == "HTTP 429: queue full")
        #expect(script.requests.count == 6)
    }

    @Test func refusalsAreNotSentAgain() async throws {
        for (status, code) in [(400, RemoteServerError.Code.rejected), (404, .rejected), (413, .rejected),
                               (401, .unauthorized)] {
            let script = Script([.answer(Self.error(status, "no good")), .answer(Self.transcriptAnswer)])
            let error = await #expect(throws: RemoteServerError.self) {
                try await client(script).transcribe(Data([1]), fileName: "x.flac", request: .init(model: "whisper-1"))
            }
            #expect(error?.code == code)
            #expect(error?.status == status)
            #expect(error?.description == "http://127.0.0.1:8080/base/: no good (HTTP \(status))")
            #expect(script.stepsLeft == 1 && script.waits.isEmpty)
        }
    }

    @Test func givesUpAfterTheLastAttemptNamingTheServerWithoutItsPassword() async throws {
        let policy = RemoteRetryPolicy(maxAttempts: 3, baseDelaySeconds: 1, maxDelaySeconds: 1.5)
        let script = Script([.connectionFails, .connectionFails, .connectionFails])
        let error = await #expect(throws: RemoteServerError.self) {
            try await client(script, policy: policy).transcribe(Data([1]), fileName: "x.flac", request: .init(model: "m"))
        }
        #expect(error?.code == .unreachable)
        #expect(error?.description == "http://127.0.0.1:8080/base/: connection refused (after 3 attempts)")
        #expect(!(error?.description.contains("secret") ?? true))
        #expect(script.waits == [1, 1.5])
    }

    @Test func anAnswerThatIsNotATranscriptIsMalformed() async throws {
        let page = RemoteHTTPResponse(status: 200, contentType: "text/html", body: Data("<html>hi</html>".utf8))
        let script = Script([.answer(page)])
        let error = await #expect(throws: RemoteServerError.self) {
            try await client(script).transcribe(Data([1]), fileName: "x.flac", request: .init(model: "m"))
        }
        #expect(error?.code == .malformedResponse)
        #expect(script.requests.count == 1)
    }

    @Test func refusesAddressesThatAreNotHTTP() {
        for address in ["ftp://host/", "127.0.0.1:8000", "", "http://", "unix:///tmp/x"] {
            #expect(throws: ConfigurationError.self, "\(address)") {
                try MynaServerClient(server: address, transport: Script([]))
            }
        }
        #expect(throws: Never.self) { try MynaServerClient(server: "https://example.org:8443", transport: Script([])) }
    }

    @Test func backoffDoublesUpToItsCapAndStopsAtTheLastAttempt() {
        let policy = RemoteRetryPolicy(maxAttempts: 5, baseDelaySeconds: 0.5, maxDelaySeconds: 3)
        #expect((1...4).map { policy.delay(after: $0, outcome: .connectionFailed) } == [0.5, 1, 2, 3])
        #expect(policy.delay(after: 5, outcome: .connectionFailed) == nil)
        #expect(policy.delay(after: 1, outcome: .status(429, retryAfterSeconds: 60)) == 3)
        #expect(policy.delay(after: 1, outcome: .status(400, retryAfterSeconds: nil)) == nil)
    }
}
