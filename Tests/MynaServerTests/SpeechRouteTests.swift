import Foundation
import Hummingbird
import HummingbirdTesting
import MynaKit
@testable import MynaServer
import MynaTestSupport
import Testing

/// `POST /v1/audio/speech` in process: every format decodes back to the same duration, PCM is the WAV's samples,
/// server-sent events carry the audio, and each error has its status and parameter.
@Suite struct SpeechRouteTests {
    static let sentence = "Myna speaks. It streams one sentence at a time."

    static func post(_ client: any TestClientProtocol, _ object: [String: Any]) async throws -> TestResponse {
        let (headers, body) = try ServerTestSupport.jsonBody(object)
        return try await client.execute(uri: "/v1/audio/speech", method: .post, headers: headers, body: body)
    }

    static func request(format: String, voice: String = "alloy", extra: [String: Any] = [:]) -> [String: Any] {
        ["model": "tts-1", "input": sentence, "voice": voice, "response_format": format].merging(extra) { $1 }
    }

    /// Seconds of audio in encoded bytes, decoded by libsndfile.
    static func seconds(_ data: Data, name: String) throws -> Double {
        let audio = try SoundFileReader.readAll(data: data, name: name)
        return Double(audio.frameCount) / Double(audio.format.sampleRate)
    }

    @Test func everyFormatDecodesToTheSameDuration() async throws {
        try await ServerTestSupport.withClient { client in
            let wav = try await Self.post(client, Self.request(format: "wav"))
            #expect(wav.status == .ok)
            #expect(wav.headers[.contentType] == "audio/wav")
            let wavBytes = Data(wav.body.readableBytesView)
            let reference = try Self.seconds(wavBytes, name: "speech.wav")
            #expect(reference > 1, "\(reference) s")
            for (format, type) in [("flac", "audio/flac"), ("opus", "audio/ogg; codecs=opus"), ("mp3", "audio/mpeg")] {
                let response = try await Self.post(client, Self.request(format: format))
                #expect(response.status == .ok, "\(format): \(String(buffer: response.body))")
                #expect(response.headers[.contentType] == type)
                let seconds = try Self.seconds(Data(response.body.readableBytesView), name: "speech.\(format)")
                // Codec padding and priming are a few ms; within 1 %.
                #expect(abs(seconds - reference) <= 0.01 * reference, "\(format): \(seconds) s vs \(reference) s")
            }
            // Headerless 16-bit PCM at the voice's rate: the WAV's data after its 44-byte header.
            let pcm = try await Self.post(client, Self.request(format: "pcm"))
            #expect(pcm.status == .ok)
            #expect(Data(pcm.body.readableBytesView) == wavBytes.dropFirst(44))
        }
    }

    @Test func speedChangesTheDuration() async throws {
        try await ServerTestSupport.withClient { client in
            let normal = try await Self.post(client, Self.request(format: "pcm"))
            let fast = try await Self.post(client, Self.request(format: "pcm", extra: ["speed": 2.0]))
            #expect(fast.status == .ok)
            let ratio = Double(fast.body.readableBytes) / Double(normal.body.readableBytes)
            #expect(ratio > 0.4 && ratio < 0.65, "\(ratio)")
        }
    }

    @Test func serverSentEventsCarryTheAudioThenUsage() async throws {
        try await ServerTestSupport.withClient { client in
            let pcm = try await Self.post(client, Self.request(format: "pcm"))
            let response = try await Self.post(client, Self.request(format: "pcm", extra: ["stream_format": "sse"]))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream")
            let events = try ServerTestSupport.events(response.body).map {
                try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "\($0)")
            }
            let deltas = events.dropLast()
            #expect(deltas.count == 2, "one delta per sentence: \(deltas.count)")
            var audio = Data()
            for delta in deltas {
                #expect(delta["type"] as? String == "speech.audio.delta")
                audio += try #require(Data(base64Encoded: delta["audio"] as? String ?? ""))
            }
            #expect(audio == Data(pcm.body.readableBytesView))
            let done = try #require(events.last)
            #expect(done["type"] as? String == "speech.audio.done")
            let usage = try #require(done["usage"] as? [String: Int])
            #expect(usage["input_tokens"] == Self.sentence.count && usage["total_tokens"] == Self.sentence.count)
        }
    }

    @Test func installedVoiceNamesWork() async throws {
        try await ServerTestSupport.withClient { client in
            let alloy = try await Self.post(client, Self.request(format: "pcm"))
            for voice in ["piper-en_US-joe-medium", "en_US-joe-medium", "joe"] {
                let response = try await Self.post(client, Self.request(format: "pcm", voice: voice))
                #expect(response.status == .ok)
                #expect(response.body == alloy.body, "\(voice) is the default voice, as alloy")
            }
        }
    }

    @Test func errorsNameTheirParameter() async throws {
        try await ServerTestSupport.withClient { client in
        let cases: [([String: Any], HTTPResponse.Status, String?)] = [
            (Self.request(format: "aac"), .badRequest, "response_format"),
            (Self.request(format: "ogg"), .badRequest, "response_format"),
            (Self.request(format: "wav", voice: "nobody"), .notFound, "voice"),
            (Self.request(format: "wav", voice: "/etc/passwd"), .notFound, "voice"),
            (Self.request(format: "wav", extra: ["model": "tts-9"]), .notFound, "model"),
            (Self.request(format: "wav", extra: ["speed": 5.0]), .badRequest, "speed"),
            (Self.request(format: "wav", extra: ["speed": 0.1]), .badRequest, "speed"),
            (Self.request(format: "wav", extra: ["input": String(repeating: "a", count: 4097)]), .badRequest, "input"),
            (Self.request(format: "wav", extra: ["input": "  "]), .badRequest, "input"),
            (Self.request(format: "wav", extra: ["stream_format": "websocket"]), .badRequest, "stream_format"),
            (["input": "Hi.", "voice": "alloy"], .badRequest, "model"),
        ]
            for (object, status, param) in cases {
                let response = try await Self.post(client, object)
                #expect(response.status == status, "\(object): \(String(buffer: response.body))")
                #expect(ServerTestSupport.envelope(response.body)?["param"] as? String == param,
                        "\(object): \(String(buffer: response.body))")
            }
            let aac = try await Self.post(client, Self.request(format: "aac"))
            #expect((ServerTestSupport.envelope(aac.body)?["message"] as? String)?.contains("aac") == true)
            let notJSON = try await client.execute(uri: "/v1/audio/speech", method: .post, headers: [.contentType: "application/json"],
                                                   body: ByteBuffer(string: "input=hello"))
            #expect(notJSON.status == .badRequest && ServerTestSupport.envelope(notJSON.body) != nil)
        }
    }
}
