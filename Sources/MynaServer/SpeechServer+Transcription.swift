import Foundation
import Hummingbird
import MynaKit

extension SpeechServer {
    /// `POST /v1/audio/transcriptions` and `POST /v1/audio/translations` (multipart).
    func addTranscriptionRoutes(to router: Router<ServerRequestContext>) {
        router.post("v1/audio/transcriptions") { request, context in
            try await self.transcription(request, context: context, task: .transcribe)
        }
        router.post("v1/audio/translations") { request, context in
            try await self.transcription(request, context: context, task: .translate)
        }
    }

    private func transcription(_ request: Request, context: ServerRequestContext, task: WhisperTask) async throws -> Response {
        let body = try await collectBody(request)
        let form = try MultipartForm(body: body, contentType: request.headers[.contentType])
        let parameters = try TranscriptionParameters(form: form, task: task)
        let models = self.models
        let options = parameters.options(modelFolder: try models.whisperFolder(for: parameters.model))
        let input = AudioInput.encoded(parameters.audio, name: parameters.fileName)
        if parameters.stream {
            return try await streamedTranscription(input, options: options, parameters: parameters, models: models,
                                                   usage: context.usage)
        }
        let result = try await onEngine {
            try self.checkTask(options, parameters: parameters, models: models)
            return try await self.transcribe(input, options: options, usage: context.usage) { _ in }
        }
        return try Self.response(for: result, parameters: parameters)
    }

    /// Refuses a translation on an English-only model (the library would transcribe English instead, with a warning).
    /// The library's own errors (a `ConfigurationError` naming `language`) reach the client through
    /// `OpenAIError.from`, in `ErrorEnvelopeMiddleware`.
    private func checkTask(_ options: TranscriptionOptions, parameters: TranscriptionParameters,
                           models: InstalledModels) throws {
        let prepared = try engine.prepareTranscription(options)
        if parameters.task == .translate, prepared.decoding.task != .translate {
            let name = URL(fileURLWithPath: options.model ?? "").lastPathComponent
            throw OpenAIError.invalid("model", """
                \(name) is English-only and cannot translate: use a multilingual model (\
                \(models.whisperModels.filter { !$0.hasSuffix(".en") }.joined(separator: ", ")))
                """, code: "model_not_multilingual")
        }
    }

    /// Transcribes on the engine's own threads, handing each final segment to `onSegment`; refuses audio longer than
    /// `limits.maxAudioSeconds` before its first window is decoded.
    private func transcribe(_ input: AudioInput, options: TranscriptionOptions, usage: RequestUsage,
                            onSegment: (TranscriptSegment) async throws -> Void) async throws -> TranscriptionResult {
        var checkedDuration = false
        for try await event in engine.transcriptionEvents(input, options: options) {
            switch event {
            case .progress(_, let duration) where !checkedDuration:
                checkedDuration = true
                if let limit = limits.maxAudioSeconds, duration > limit {
                    throw OpenAIError.invalid("file", """
                        the audio is \(String(format: "%.1f", duration)) s long; this server accepts at most \
                        \(String(format: "%g", limit)) s (--max-audio-seconds)
                        """, code: "audio_too_long")
                }
            case .segment(let segment):
                try await onSegment(segment)
            case .completed(let result):
                usage.addAudio(seconds: result.duration)
                return result
            default:
                continue
            }
        }
        throw CancellationError()
    }

    /// The body in the requested format.
    static func response(for result: TranscriptionResult, parameters: TranscriptionParameters) throws -> Response {
        let transcript = result.transcript
        switch parameters.responseFormat {
        case .json:
            return try ServerJSON.response(TranscriptionJSON(text: transcript.openAIText))
        case .verbose_json:
            return try ServerJSON.response(TranscriptionVerbose(
                task: parameters.task.rawValue, language: transcript.languageName, duration: result.duration,
                text: transcript.openAIText,
                segments: parameters.includesSegments ? transcript.segments.map(TranscriptionSegment.init) : nil,
                words: parameters.includesWords ? transcript.segments.flatMap { $0.words ?? [] }.map(TranscriptionWord.init) : nil))
        case .text:
            return textResponse(transcript.openAIText + "\n", contentType: "text/plain; charset=utf-8")
        case .srt:
            var writer = TranscriptFormat.srt.makeWriter()
            return textResponse(writer.render(transcript), contentType: "text/plain; charset=utf-8")
        case .vtt:
            var writer = TranscriptFormat.vtt.makeWriter()
            return textResponse(writer.render(transcript), contentType: "text/vtt; charset=utf-8")
        case .myna_json:
            var writer = TranscriptFormat.json.makeWriter()
            return textResponse(writer.render(transcript), contentType: "application/json")
        }
    }

    /// `stream=true`: server-sent events, one `transcript.text.delta` per final segment as it is decoded, then
    /// `transcript.text.done` and `data: [DONE]`. The engine slot is taken before the head is sent (so a full queue
    /// is still a 429) and held until the last event; an error after the head is sent becomes an `error` event.
    private func streamedTranscription(_ input: AudioInput, options: TranscriptionOptions,
                                       parameters: TranscriptionParameters, models: InstalledModels,
                                       usage: RequestUsage) async throws -> Response {
        let slot = try await gate.slot()
        do {
            try checkTask(options, parameters: parameters, models: models)
        } catch {
            await slot.release()
            throw error
        }
        let body = ResponseBody { writer in
            do {
                let result = try await self.transcribe(input, options: options, usage: usage) { segment in
                    try await writer.write(ServerSentEvents.event(TranscriptTextDelta(delta: segment.text)))
                }
                try await writer.write(ServerSentEvents.event(TranscriptTextDone(text: result.transcript.openAIText)))
            } catch {
                let envelope = OpenAIError.from(error)
                try? await writer.write(ServerSentEvents.errorEvent(envelope))
            }
            await slot.release()
            try await writer.write(ServerSentEvents.done)
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: ServerSentEvents.headers, body: body)
    }
}

func textResponse(_ text: String, contentType: String) -> Response {
    Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
}
