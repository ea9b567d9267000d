import Foundation
import MynaKit

/// The JSON body of `POST /v1/audio/speech`, keys as on the wire.
struct SpeechRequestBody: Decodable {
    var model: String?
    var input: String?
    var voice: String?
    var response_format: String?
    var speed: Double?
    var stream_format: String?
    /// gpt-4o-mini-tts's style instructions: accepted and ignored (Piper voices take none).
    var instructions: String?
}

/// A checked speech request; each error names its field (`param`).
struct SpeechParameters: Sendable {
    enum ResponseFormat: String, CaseIterable, Sendable {
        case mp3, opus, flac, wav, pcm

        /// The encoding of the bytes: 16-bit for WAV, FLAC and PCM (PCM is OpenAI's headerless 16-bit little-endian
        /// mono). WAV and PCM go out sentence by sentence (WAV with a streaming header, sizes 0xFFFFFFFF, "read to the
        /// end"); libsndfile completes the other containers only when the audio ends.
        var encoding: AudioEncoding {
            switch self {
            case .mp3: .mp3
            case .opus: .oggOpus
            case .flac: .flac16
            case .wav: .wav16Streamed
            case .pcm: .pcm16
            }
        }

        /// OpenAI answers PCM as `audio/pcm`; the others are the encoding's own media type.
        var contentType: String { self == .pcm ? "audio/pcm" : encoding.mimeType }
    }

    /// OpenAI's speed range.
    static let speedRange: ClosedRange<Double> = 0.25...4.0

    var input: String
    var voice: String
    var responseFormat: ResponseFormat
    var speed: Double
    /// `stream_format=sse`: base64 audio in server-sent events instead of the raw bytes.
    var serverSentEvents: Bool

    /// - Throws: `OpenAIError` 400 naming the field; 404 for an unknown model.
    init(_ body: SpeechRequestBody, models: InstalledModels, maxCharacters: Int) throws(OpenAIError) {
        guard let model = body.model, !model.isEmpty else {
            throw .invalid("model", "the body has no 'model': use tts-1, tts-1-hd or an installed voice (GET /v1/models)")
        }
        guard models.isSpeechModel(model) else {
            throw .notFound("model", "the model '\(model)' does not exist: use tts-1, tts-1-hd or an installed voice",
                            code: "model_not_found")
        }
        guard let input = body.input, !input.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalid("input", "the body has no 'input' text to speak")
        }
        guard input.count <= maxCharacters else {
            throw .invalid("input", "the input is \(input.count) characters long; the limit is \(maxCharacters)",
                           code: "string_above_max_length")
        }
        self.input = input
        guard let voice = body.voice, !voice.isEmpty else {
            throw .invalid("voice", "the body has no 'voice': use an installed voice or an OpenAI voice name such as alloy")
        }
        // A model named as an installed voice picks it unless the request names another voice of its own.
        self.voice = voice
        let format = body.response_format ?? "mp3"
        guard let responseFormat = ResponseFormat(rawValue: format) else {
            throw .invalid("response_format", format == "aac"
                ? "aac is not available in Myna (Debian's libsndfile has no AAC encoder): use mp3, opus, flac, wav or pcm"
                : "'\(format)' is not a response format: use one of \(ResponseFormat.allCases.map(\.rawValue).joined(separator: ", "))",
                code: "unsupported_value")
        }
        self.responseFormat = responseFormat
        let speed = body.speed ?? 1
        guard Self.speedRange.contains(speed) else {
            throw .invalid("speed", "\(speed) must be between 0.25 and 4.0")
        }
        self.speed = speed
        switch body.stream_format ?? "audio" {
        case "audio": serverSentEvents = false
        case "sse": serverSentEvents = true
        case let other: throw .invalid("stream_format", "'\(other)' must be audio or sse")
        }
    }
}
