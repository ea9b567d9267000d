import Foundation
import Hummingbird
import MynaKit

/// `stream_format=sse`: a piece of the audio, base64 (`{"type":"speech.audio.delta","audio":…}`).
struct SpeechAudioDelta: Encodable {
    let type = "speech.audio.delta"
    var audio: String
}

/// `stream_format=sse`: the end (`{"type":"speech.audio.done","usage":{…}}`). Piper has no tokens: the usage counts
/// the input's characters as input tokens and no output tokens.
struct SpeechAudioDone: Encodable {
    struct Usage: Encodable {
        var input_tokens: Int
        var output_tokens: Int
        var total_tokens: Int
    }

    let type = "speech.audio.done"
    var usage: Usage
}

extension SpeechServer {
    /// `POST /v1/audio/speech` (JSON).
    func addSpeechRoutes(to router: Router<ServerRequestContext>) {
        router.post("v1/audio/speech") { request, context in try await self.speech(request, context: context) }
    }

    private func speech(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let buffer = try await collectBody(request)
        let requestBody: SpeechRequestBody
        do {
            requestBody = try JSONDecoder().decode(SpeechRequestBody.self, from: Data(buffer.readableBytesView))
        } catch {
            throw OpenAIError.invalid(nil, "the body is not a JSON speech request ({\"model\", \"input\", \"voice\", …}): \(error)")
        }
        let models = self.models
        let parameters = try SpeechParameters(requestBody, models: models, maxCharacters: limits.maxSpeechCharacters)
        let voiceFile = try models.voiceFile(for: parameters.voice)
        // Voice, options and encoder are checked under the gate before the head goes out, so their errors keep their
        // statuses; the sentences are synthesised as the body is written, holding the slot until the last one.
        let slot = try await gate.slot()
        let stream: SpeechByteStream
        do {
            stream = try makeSpeechStream(parameters, voiceFile: voiceFile)
        } catch {
            await slot.release()
            throw error
        }
        let usage = context.usage, logger = context.logger
        let characters = parameters.input.count
        let body = ResponseBody { writer in
            do {
                if parameters.serverSentEvents {
                    try await stream.forEachPiece { bytes in
                        try await writer.write(ServerSentEvents.event(SpeechAudioDelta(audio: bytes.base64EncodedString())))
                    }
                    try await writer.write(ServerSentEvents.event(SpeechAudioDone(usage: .init(
                        input_tokens: characters, output_tokens: 0, total_tokens: characters))))
                } else {
                    try await stream.forEachPiece { try await writer.write(ByteBuffer(bytes: $0)) }
                }
            } catch {
                // The head is out: the client sees the body end early; the log says why.
                logger.error("POST /v1/audio/speech failed after the response head: \(String(reflecting: error))")
            }
            usage.addAudio(seconds: stream.seconds)
            await slot.release()
            try await writer.finish(nil)
        }
        let headers: HTTPFields = parameters.serverSentEvents
            ? ServerSentEvents.headers : [.contentType: parameters.responseFormat.contentType]
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The request's speech and its encoder: the voice's rate unless the codec needs another (Opus: 24 kHz for
    /// Piper's 22.05 kHz voices).
    private func makeSpeechStream(_ parameters: SpeechParameters, voiceFile: String) throws -> SpeechByteStream {
        let voice = try engine.speech.voice(voiceFile)
        let encoding = parameters.responseFormat.encoding
        let rate = encoding.supportedSampleRate(near: voice.sampleRate)
        let options = SpeechOptions(voice: voiceFile, speed: Float(parameters.speed),
                                    sampleRate: rate == voice.sampleRate ? nil : rate)
        let spoken = try engine.speakOffThePool(parameters.input, options: options)
        return try SpeechByteStream(spoken: spoken, format: parameters.responseFormat)
    }
}

/// One request's speech as bytes of its format, sentence by sentence where the encoding allows (WAV, PCM).
///
/// Not thread-safe, and need not be: one body writer drives it.
final class SpeechByteStream: @unchecked Sendable {
    private let spoken: SpokenAudio
    private let encoder: AudioEncoder
    /// Seconds of audio produced so far.
    private(set) var seconds = 0.0

    init(spoken: SpokenAudio, format: SpeechParameters.ResponseFormat) throws {
        self.spoken = spoken
        encoder = try AudioEncoder(format: spoken.format, encoding: format.encoding)
    }

    /// Hands each piece of bytes to `write` as soon as it is final: one piece per sentence (PCM; WAV with its header
    /// before the first), or the whole file at the end (FLAC, Opus, MP3).
    func forEachPiece(_ write: (Data) async throws -> Void) async throws {
        for try await chunk in spoken {
            seconds += Double(chunk.audio.frameCount) / Double(chunk.audio.format.sampleRate)
            let bytes = try encoder.append(chunk.audio)
            if !bytes.isEmpty { try await write(bytes) }
        }
        let rest = try encoder.finish()
        if !rest.isEmpty { try await write(rest) }
    }
}
