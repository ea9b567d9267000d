import Foundation
import Hummingbird
import HummingbirdTesting
import MynaKit
@testable import MynaServer
import MynaTestSupport
import Testing

/// `POST /v1/audio/transcriptions` and `/v1/audio/translations` in process: every response format against the
/// engine's own transcript of the same bytes, streaming events, and each error with its status and parameter.
@Suite struct TranscriptionRouteTests {
    static let jfk = try! ServerTestSupport.sampleBytes("jfk.flac")

    /// The library's transcript of the same bytes, as the CLI and the server both get it (made once).
    static func expected() async throws -> TranscriptionResult { try await ExpectedTranscript.shared.value() }

    static func post(_ client: any TestClientProtocol, _ route: String = "/v1/audio/transcriptions",
                     fields: [(String, String)], file: Data? = jfk, fileName: String = "jfk.flac") async throws -> TestResponse {
        let (headers, body) = ServerTestSupport.multipart(fields: fields, file: file, fileName: fileName)
        return try await client.execute(uri: route, method: .post, headers: headers, body: body)
    }

    @Test func jsonIsTheTextOfTheTranscript() async throws {
        let expected = try await Self.expected()
        let response = try await ServerTestSupport.withClient { try await Self.post($0, fields: [("model", "whisper-1")]) }
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json")
        let object = try ServerTestSupport.json(response.body)
        #expect(object.count == 1)
        let text = try #require(object["text"] as? String)
        #expect(text == expected.transcript.text.trimmingCharacters(in: .whitespaces))
        #expect(text.contains("fellow Americans"), "\(text)")
    }

    @Test func verboseJSONHasOpenAIsShape() async throws {
        let expected = try await Self.expected()
        let response = try await ServerTestSupport.withClient {
            try await Self.post($0, fields: [("model", "whisper-tiny.en"), ("response_format", "verbose_json"),
                                             ("timestamp_granularities[]", "segment")])
        }
        #expect(response.status == .ok)
        let object = try ServerTestSupport.json(response.body)
        #expect(Set(object.keys) == ["task", "language", "duration", "text", "segments"])
        #expect(object["task"] as? String == "transcribe")
        #expect(object["language"] as? String == "english")
        let segments = try #require(object["segments"] as? [[String: Any]])
        #expect(segments.count == expected.transcript.segments.count)
        for (segment, reference) in zip(segments, expected.transcript.segments) {
            #expect(Set(segment.keys) == ["id", "seek", "start", "end", "text", "tokens", "temperature", "avg_logprob",
                                          "compression_ratio", "no_speech_prob"])
            #expect(segment["text"] as? String == reference.text)
            #expect((segment["text"] as? String)?.hasPrefix(" ") == true)
            #expect(segment["tokens"] as? [Int] == reference.tokens)
            #expect(segment["id"] as? Int == reference.id && segment["seek"] as? Int == reference.seek)
            #expect(segment["start"] as? Double == reference.start && segment["end"] as? Double == reference.end)
        }
        // The statistics exactly: read with JSONDecoder (JSONSerialization on Linux rounds the last digit of some
        // 17-digit numbers, -0.28977943288868874 → -0.2897794328886886).
        let decoded = try JSONDecoder().decode(VerboseStatistics.self, from: Data(response.body.readableBytesView))
        #expect(decoded.duration == expected.duration)
        for (segment, reference) in zip(decoded.segments, expected.transcript.segments) {
            #expect(segment.avg_logprob == reference.avgLogProb && segment.no_speech_prob == reference.noSpeechProb
                        && segment.compression_ratio == reference.compressionRatio && segment.temperature == reference.temperature)
        }
    }

    /// `timestamp_granularities[]=word`: top-level `words` equal to `myna transcribe --word-timestamps`'s (text
    /// without the leading space, times exactly), and no `segments` unless `segment` is asked for too.
    @Test(arguments: [["word"], ["word", "segment"]])
    func wordGranularityGivesTheCLIsWords(granularities: [String]) async throws {
        let cli = try MynaExecutable.run(["transcribe", "--models-dir", Fixtures.models.path, "--word-timestamps",
                                          "--format", "json", Fixtures.sample("jfk.flac")])
        #expect(cli.exitCode == 0, "\(cli.standardError)")
        let expected = try JSONDecoder().decode(CLIWords.self, from: Data(cli.standardOutput.utf8)).segments.flatMap(\.words)
        #expect(expected.count > 15)
        let response = try await ServerTestSupport.withClient {
            try await Self.post($0, fields: [("model", "whisper-1"), ("response_format", "verbose_json")]
                                    + granularities.map { ("timestamp_granularities[]", $0) })
        }
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        let object = try ServerTestSupport.json(response.body)
        let keys: Set<String> = granularities.contains("segment") ? ["task", "language", "duration", "text", "segments", "words"]
            : ["task", "language", "duration", "text", "words"]
        #expect(Set(object.keys) == keys)
        let words = try JSONDecoder().decode(ServerWords.self, from: Data(response.body.readableBytesView)).words
        #expect(words.map(\.word) == expected.map { $0.word.trimmingCharacters(in: .whitespaces) })
        #expect(words.map(\.start) == expected.map(\.start) && words.map(\.end) == expected.map(\.end))
        #expect(words.first?.word == "And", "\(words.prefix(3))")
        let first = try #require((object["words"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["word", "start", "end"])
    }

    /// Myna's extension format is `myna transcribe --format json` byte for byte, words included when asked for (what
    /// `myna transcribe --server` reads back).
    @Test(arguments: [false, true])
    func mynaJSONIsTheCLIsJSON(words: Bool) async throws {
        let cli = try MynaExecutable.run(["transcribe", "--models-dir", Fixtures.models.path, "--format", "json"]
                                         + (words ? ["--word-timestamps"] : []) + [Fixtures.sample("jfk.flac")])
        #expect(cli.exitCode == 0, "\(cli.standardError)")
        let response = try await ServerTestSupport.withClient {
            try await Self.post($0, fields: [("model", "whisper-tiny.en"), ("response_format", "myna_json")]
                                    + (words ? [("timestamp_granularities[]", "word")] : []))
        }
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        #expect(response.headers[.contentType] == "application/json")
        // stdout ends the document with a line break (one JSON document per line).
        #expect(String(buffer: response.body) + "\n" == cli.standardOutput)
        #expect(cli.standardOutput.contains("\"probability\"") == words)
    }

    @Test(arguments: ["text", "srt", "vtt"])
    func plainFormatsAreTheWritersOutput(format: String) async throws {
        let expected = try await Self.expected()
        let response = try await ServerTestSupport.withClient {
            try await Self.post($0, fields: [("model", "whisper-1"), ("response_format", format)])
        }
        #expect(response.status == .ok)
        let body = String(buffer: response.body)
        let transcript = expected.transcript
        switch format {
        case "text":
            #expect(body == transcript.text.trimmingCharacters(in: .whitespaces) + "\n")
        case "srt":
            var writer = TranscriptFormat.srt.makeWriter()
            #expect(body == writer.render(transcript))
            #expect(body.hasPrefix("1\n00:00:00,000 --> "), "\(body)")
        default:
            var writer = TranscriptFormat.vtt.makeWriter()
            #expect(body == writer.render(transcript))
            #expect(body.hasPrefix("WEBVTT"), "\(body)")
        }
    }

    @Test func streamSendsOneDeltaPerSegmentThenDoneThenDONE() async throws {
        let expected = try await Self.expected()
        let response = try await ServerTestSupport.withClient {
            try await Self.post($0, fields: [("model", "whisper-1"), ("stream", "true")])
        }
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/event-stream")
        let events = ServerTestSupport.events(response.body)
        let segments = expected.transcript.segments
        #expect(events.count == segments.count + 2, "\(events)")
        for (event, segment) in zip(events, segments) {
            let object = try JSONSerialization.jsonObject(with: Data(event.utf8)) as? [String: Any]
            #expect(object?["type"] as? String == "transcript.text.delta")
            #expect(object?["delta"] as? String == segment.text)
        }
        let done = try JSONSerialization.jsonObject(with: Data(events[events.count - 2].utf8)) as? [String: Any]
        #expect(done?["type"] as? String == "transcript.text.done")
        #expect(done?["text"] as? String == expected.transcript.text.trimmingCharacters(in: .whitespaces))
        #expect(events.last == "[DONE]")
    }

    @Test func translationWithAMultilingualModel() async throws {
        let response = try await ServerTestSupport.withClient {
            try await Self.post($0, "/v1/audio/translations", fields: [("model", "whisper-base"), ("response_format", "verbose_json")])
        }
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        let object = try ServerTestSupport.json(response.body)
        #expect(object["task"] as? String == "translate")
        #expect((object["text"] as? String)?.lowercased().contains("fellow americans") == true, "\(object)")
    }

    @Test func errorsNameTheirParameter() async throws {
        let text = Data("This is a text file, not audio.\n".utf8)
        try await ServerTestSupport.withClient { client in
        let cases: [(route: String, fields: [(String, String)], file: Data?, status: HTTPResponse.Status, param: String?)] = [
            ("/v1/audio/transcriptions", [("model", "whisper-1")], text, .badRequest, "file"),
            ("/v1/audio/transcriptions", [("model", "whisper-1")], Data(), .badRequest, "file"),
            ("/v1/audio/transcriptions", [("model", "whisper-1")], nil, .badRequest, "file"),
            ("/v1/audio/transcriptions", [], Self.jfk, .badRequest, "model"),
            ("/v1/audio/transcriptions", [("model", "whisper-large-v9")], Self.jfk, .notFound, "model"),
            ("/v1/audio/transcriptions", [("model", "/etc")], Self.jfk, .notFound, "model"),
            ("/v1/audio/transcriptions", [("model", "whisper-1"), ("response_format", "xml")], Self.jfk, .badRequest, "response_format"),
            ("/v1/audio/transcriptions", [("model", "whisper-1"), ("temperature", "2")], Self.jfk, .badRequest, "temperature"),
            ("/v1/audio/transcriptions", [("model", "whisper-1"), ("timestamp_granularities[]", "word")], Self.jfk, .badRequest,
             "timestamp_granularities"),
            ("/v1/audio/transcriptions", [("model", "whisper-1"), ("response_format", "verbose_json"),
                                          ("timestamp_granularities[]", "sentence")], Self.jfk, .badRequest, "timestamp_granularities"),
            ("/v1/audio/transcriptions", [("model", "whisper-base"), ("language", "klingon")], Self.jfk, .badRequest, "language"),
            ("/v1/audio/translations", [("model", "whisper-tiny.en")], Self.jfk, .badRequest, "model"),
            ("/v1/audio/translations", [("model", "whisper-base"), ("language", "en")], Self.jfk, .badRequest, "language"),
        ]
            for item in cases {
                let response = try await Self.post(client, item.route, fields: item.fields, file: item.file)
                let error = ServerTestSupport.envelope(response.body)
                #expect(response.status == item.status, "\(item.fields): \(String(buffer: response.body))")
                #expect(error?["param"] as? String == item.param, "\(item.fields): \(String(buffer: response.body))")
            }
            // Granularities without verbose_json: the message says what they need, as OpenAI refuses them.
            let words = try await Self.post(client, fields: [("model", "whisper-1"), ("timestamp_granularities[]", "word")])
            #expect((ServerTestSupport.envelope(words.body)?["message"] as? String)?.contains("verbose_json") == true)
            // English-only translation: the message names the model.
            let english = try await Self.post(client, "/v1/audio/translations", fields: [("model", "whisper-tiny.en")])
            #expect((ServerTestSupport.envelope(english.body)?["message"] as? String)?.contains("whisper-tiny.en") == true)
            // Not multipart at all.
            let json = try await client.execute(uri: "/v1/audio/transcriptions", method: .post,
                                                headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}"))
            #expect(json.status == .badRequest && ServerTestSupport.envelope(json.body) != nil)
        }
    }

    @Test func uploadsOverTheLimitAre413() async throws {
        let server = ServerTestSupport.server(limits: ServerLimits(maxUploadBytes: 50_000))
        let response = try await ServerTestSupport.withClient(server) { try await Self.post($0, fields: [("model", "whisper-1")]) }
        #expect(response.status == .contentTooLarge)
        #expect(ServerTestSupport.envelope(response.body)?["code"] as? String == "upload_too_large")
    }

    @Test func audioOverTheLimitIs400() async throws {
        let server = ServerTestSupport.server(limits: ServerLimits(maxAudioSeconds: 5))
        let response = try await ServerTestSupport.withClient(server) { try await Self.post($0, fields: [("model", "whisper-1")]) }
        #expect(response.status == .badRequest)
        let error = ServerTestSupport.envelope(response.body)
        #expect(error?["code"] as? String == "audio_too_long", "\(String(buffer: response.body))")
    }

    /// With every slot taken and no queue, a request is refused at once with 429 and Retry-After.
    @Test func fullQueueIs429WithRetryAfter() async throws {
        let server = ServerTestSupport.server(limits: ServerLimits(maxConcurrent: 1, maxQueue: 0))
        try await server.gate.enter()
        let response = try await ServerTestSupport.withClient(server) { try await Self.post($0, fields: [("model", "whisper-1")]) }
        await server.gate.leave()
        #expect(response.status == .tooManyRequests)
        #expect(response.headers[.retryAfter] == "1")
        #expect(ServerTestSupport.envelope(response.body)?["type"] as? String == "rate_limit_error")
    }
}

/// The gate alone: slots, the queue in arrival order, refusal beyond it.
@Suite struct EngineGateTests {
    @Test func waitersTakeFreedSlotsAndTheRestAreRefused() async throws {
        let gate = EngineGate(maxConcurrent: 2, maxQueue: 1)
        try await gate.enter()
        try await gate.enter()
        let waiter = Task { try await gate.enter() }
        while await gate.load.waiting < 1 { await Task.yield() }
        await #expect(throws: OpenAIError.self) { try await gate.enter() }
        await gate.leave()
        try await waiter.value
        let load = await gate.load
        #expect(load.running == 2 && load.waiting == 0)
        await gate.leave()
        await gate.leave()
        let after = await gate.load
        #expect(after.running == 0 && after.waiting == 0)
    }
}

/// The engine's transcript of jfk.flac, made once for the suite (an actor, so no thread blocks while it is made).
actor ExpectedTranscript {
    static let shared = ExpectedTranscript()
    private var result: TranscriptionResult?

    func value() async throws -> TranscriptionResult {
        if let result { return result }
        let made = try await ServerTestSupport.engine.transcribe(.encoded(TranscriptionRouteTests.jfk, name: "jfk.flac"))
        result = made
        return made
    }
}

/// The words of `myna transcribe --word-timestamps --format json`, decoded exactly.
struct CLIWords: Decodable {
    struct Word: Decodable { var word: String; var start: Double; var end: Double }
    struct Segment: Decodable { var words: [Word] }
    var segments: [Segment]
}

/// The top-level words of a verbose_json answer, decoded exactly.
struct ServerWords: Decodable {
    struct Word: Decodable { var word: String; var start: Double; var end: Double }
    var words: [Word]
}

/// The numbers of a verbose_json answer, decoded exactly.
struct VerboseStatistics: Decodable {
    struct Segment: Decodable {
        var temperature: Double
        var avg_logprob: Double
        var compression_ratio: Double
        var no_speech_prob: Double
    }

    var duration: Double
    var segments: [Segment]
}

/// A slot of a streamed response comes back when released, once, and when dropped unreleased.
@Suite struct EngineSlotTests {
    @Test func releasedOnceOrWhenDropped() async throws {
        let gate = EngineGate(maxConcurrent: 1, maxQueue: 0)
        var slot: EngineSlot? = try await gate.slot()
        await slot?.release()
        await slot?.release()
        #expect(await gate.load.running == 0)
        slot = try await gate.slot()
        #expect(slot != nil)
        slot = nil
        // The dropped slot's release runs in a task of its own.
        while await gate.load.running != 0 { await Task.yield() }
        let again = try await gate.slot()
        await again.release()
    }
}
