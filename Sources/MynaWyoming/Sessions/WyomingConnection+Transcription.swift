import Foundation
import MynaKit

extension WyomingConnection {
    /// `transcribe`, `audio-start`, `audio-chunk`, `audio-stop`.
    ///
    /// Audio is converted to 16 kHz mono as it arrives; the transcript is the whole stream's, decoded exactly as
    /// `myna transcribe` decodes a file (faster-whisper's beam search and fallback, the speech gate), as
    /// wyoming-faster-whisper does, but the decode runs while the audio arrives (`SpeculativeTranscription`: when the
    /// speaker pauses, the audio so far is decoded; if no speech follows before `audio-stop`, that is the transcript).
    /// Decodes wait for a slot of the server's `DecodeGate` (a bound on decodes at once across connections).
    /// The text is then streamed as `transcript-chunk`s (one per segment, concatenated they are the transcript),
    /// followed by `transcript` for clients that do not stream and `transcript-stop`.
    func handleTranscription(_ event: WyomingEvent) async throws {
        switch event.type {
        case Wyoming.Transcribe.eventType:
            transcribeRequest = try event.decode(Wyoming.Transcribe.self)
        case Wyoming.AudioStart.eventType:
            let start = try event.decode(Wyoming.AudioStart.self)
            guard services.options.asr else {
                return try await sendError("speech to text is off on this server (--no-asr)", code: "asr-disabled")
            }
            audio = try WyomingAudioStream(start, maxSeconds: services.options.maxAudioSeconds)
            try await send(WyomingEvent(Wyoming.TranscriptStart(language: transcribeRequest?.language)))
            endLiveDictation()
            endSpeculation()
            if services.options.liveTranscripts {
                try await startLiveDictation(request: transcribeRequest)
            } else {
                speculative = speculativeTranscription(request: transcribeRequest)
            }
        case Wyoming.AudioChunk.eventType:
            let chunk = try event.decode(Wyoming.AudioChunk.self)
            guard services.options.asr else { return }
            guard let audio else { throw WyomingProtocolError(.unexpectedEvent, "audio-chunk before audio-start") }
            let samples = try audio.append(chunk, payload: event.payload)
            live?.source.push(samples)
            appendSpeculative(samples)
        case Wyoming.AudioStop.eventType:
            guard services.options.asr else { return }
            guard let stream = audio else { throw WyomingProtocolError(.unexpectedEvent, "audio-stop before audio-start") }
            audio = nil
            let request = transcribeRequest
            transcribeRequest = nil
            let tail = try stream.finish()
            if let live {
                self.live = nil
                live.source.push(tail)
                live.source.finish()
                try await finishLiveDictation(live, seconds: stream.seconds)
            } else if let speculative {
                self.speculative = nil
                appendSpeculative(tail, to: speculative)
                try await transcribe(stream.samples, request: request, speculative: speculative)
            } else {
                try await transcribe(stream.samples, request: request, speculative: nil)
            }
        default:
            break
        }
    }

    /// The whole-stream transcription for `request` with speculative decodes; nil when the model is unknown (the
    /// `error` event then comes at `audio-stop`, from `transcribe`) or the options are invalid.
    private func speculativeTranscription(request: Wyoming.Transcribe?) -> SpeculativeTranscription<TranscriptionResult>? {
        guard let model = services.catalog.model(named: request?.name, default: services.options.model) else { return nil }
        let gate = services.decodeGate
        return try? SpeculativeTranscription(engine: services.engine, options: transcriptionOptions(model, request: request),
                                             runDecode: { decode in try await gate.run(decode) })
    }

    private func appendSpeculative(_ samples: [Float], to transcription: SpeculativeTranscription<TranscriptionResult>? = nil) {
        guard let transcription = transcription ?? speculative else { return }
        do {
            try transcription.append(samples)
        } catch {
            // Not finite samples (never from PCM): decode at `audio-stop` instead.
            logger.debug("speculative transcription stopped: \(error)")
            endSpeculation()
        }
    }

    /// Stops the speculative decodes of a stream that will not end normally.
    func endSpeculation() {
        speculative?.cancel()
        speculative = nil
    }

    private func transcriptionOptions(_ model: WyomingCatalog.Model, request: Wyoming.Transcribe?) -> TranscriptionOptions {
        var options = TranscriptionOptions(model: model.name)
        options.decoding.language = Self.whisperLanguage(request?.language)
        return options
    }

    private func transcribe(_ samples: [Float], request: Wyoming.Transcribe?,
                            speculative: SpeculativeTranscription<TranscriptionResult>?) async throws {
        guard let model = services.catalog.model(named: request?.name, default: services.options.model) else {
            let names = services.catalog.models.map(\.name).joined(separator: ", ")
            return try await sendError("no such model '\(request?.name ?? services.options.model)'; installed: \(names)",
                                       code: "unknown-model")
        }
        let started = ContinuousClock.now
        var text = "", chunks: [String] = [], language = request?.language
        if !samples.isEmpty {
            do {
                let result: TranscriptionResult
                if let speculative {
                    result = try await speculative.finish()
                } else {
                    let engine = services.engine, options = transcriptionOptions(model, request: request)
                    result = try await services.decodeGate.run {
                        try await engine.transcribe(
                            .samples(AudioBuffer(mono: samples, sampleRate: AudioFormat.speech16k.sampleRate),
                                     name: "audio stream"),
                            options: options)
                    }
                }
                (text, chunks) = Self.text(of: result.transcript)
                language = result.transcript.language
            } catch is CancellationError {
                // Only the server stopping cancels a connection's task; its connection closes next.
                return try await sendError("the server is stopping", code: "server-stopping")
            } catch {
                return try await sendError("transcription failed: \(error)", code: "transcription-failed")
            }
        }
        let seconds = Double(samples.count) / Double(AudioFormat.speech16k.sampleRate)
        logger.info("transcript", metadata: [
            "model": "\(model.name)", "audio_seconds": "\(String(format: "%.2f", seconds))",
            "after_audio_stop_seconds": "\(String(format: "%.3f", (ContinuousClock.now - started).wyomingSeconds))",
            "speculative_decodes": "\(speculative?.statistics.speculativeDecodes ?? 0)",
            "reused_speculation": "\(speculative?.statistics.reusedSpeculation ?? false)",
            "characters": "\(text.count)",
        ])
        for chunk in chunks { try await send(WyomingEvent(Wyoming.TranscriptChunk(text: chunk))) }
        try await send(WyomingEvent(Wyoming.Transcript(text: text, language: language)))
        try await send(WyomingEvent(Wyoming.TranscriptStop()))
    }

    /// Starts the dictation pipeline on the audio to come; its task sends a `transcript-chunk` whenever words are
    /// committed and returns the transcript at the end of the audio.
    private func startLiveDictation(request: Wyoming.Transcribe?) async throws {
        guard let model = services.catalog.model(named: request?.name, default: services.options.model) else {
            let names = services.catalog.models.map(\.name).joined(separator: ", ")
            return try await sendError("no such model '\(request?.name ?? services.options.model)'; installed: \(names)",
                                       code: "unknown-model")
        }
        var options = DictationOptions.default
        options.finalDecoding.language = Self.whisperLanguage(request?.language)
        let source = PushedAudioSource()
        let events: AsyncThrowingStream<DictationEvent, Error>
        do {
            events = try services.engine.dictate(source, model: model.name, options: options)
        } catch {
            return try await sendError("transcription failed: \(error)", code: "transcription-failed")
        }
        let outbound = outbound
        let language = options.finalDecoding.language ?? (model.languages == ["en"] ? "en" : nil)
        let task = Task<(String, String?), Error> {
            var chunks = LiveTranscriptChunks()
            for try await event in events {
                if let chunk = chunks.chunk(for: event) {
                    try await outbound.write(WyomingEvent(Wyoming.TranscriptChunk(text: chunk)))
                }
            }
            return (chunks.text, language)
        }
        live = LiveDictationStream(source: source, task: task)
    }

    /// Waits for the last final of a live dictation and sends the transcript.
    private func finishLiveDictation(_ live: LiveDictationStream, seconds: Double) async throws {
        let started = ContinuousClock.now
        let text: String, language: String?
        do {
            (text, language) = try await live.task.value
        } catch {
            return try await sendError("transcription failed: \(error)", code: "transcription-failed")
        }
        logger.info("transcript", metadata: [
            "live": "true", "audio_seconds": "\(String(format: "%.2f", seconds))",
            "after_audio_stop_seconds": "\(String(format: "%.3f", (ContinuousClock.now - started).wyomingSeconds))",
            "characters": "\(text.count)",
        ])
        try await send(WyomingEvent(Wyoming.Transcript(text: text, language: language)))
        try await send(WyomingEvent(Wyoming.TranscriptStop()))
    }

    /// The transcript's text and its chunks, one per segment, whose concatenation is exactly the text.
    static func text(of transcript: Transcript) -> (text: String, chunks: [String]) {
        let text = transcript.text.trimmingCharacters(in: .whitespacesAndNewlines)
        var chunks = transcript.segments.map(\.text).filter { !$0.isEmpty }
        if !chunks.isEmpty {
            chunks[0] = String(chunks[0].drop { $0.isWhitespace })
            while let last = chunks.last, last.last?.isWhitespace == true {
                chunks[chunks.count - 1] = String(last.reversed().drop { $0.isWhitespace }.reversed())
            }
        }
        if chunks.joined() != text { chunks = text.isEmpty ? [] : [text] }
        return (text, chunks.filter { !$0.isEmpty })
    }

    /// A Whisper language code for Home Assistant's language (`en`, `en-US`, `de_DE`, `English`); nil lets the model
    /// decide (English-only models: English; multilingual: detected).
    static func whisperLanguage(_ language: String?) -> String? {
        guard let language, !language.isEmpty else { return nil }
        let base = String(language.split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? "")
        guard let code = WhisperLanguage.code(fromArgument: base), code != WhisperLanguage.automatic else { return nil }
        return code
    }
}

extension Duration {
    /// The duration in seconds.
    var wyomingSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
