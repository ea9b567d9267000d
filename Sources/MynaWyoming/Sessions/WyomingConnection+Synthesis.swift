import Foundation
import MynaKit

extension WyomingConnection {
    /// `synthesize`, `synthesize-start`, `synthesize-chunk`, `synthesize-stop`.
    func handleSynthesis(_ event: WyomingEvent) async throws {
        switch event.type {
        case Wyoming.Synthesize.eventType:
            let request = try event.decode(Wyoming.Synthesize.self)
            // Clients that stream send the whole text again for servers that do not: already spoken here.
            guard streamedSynthesis == nil else { return logger.debug("ignoring synthesize inside a synthesize stream") }
            guard services.options.tts else { return try await ttsDisabled() }
            try await speak(request.text, voice: request.voice)
        case Wyoming.SynthesizeStart.eventType:
            let start = try event.decode(Wyoming.SynthesizeStart.self)
            guard services.options.tts else { return try await ttsDisabled() }
            streamedSynthesis = StreamedSynthesis(voice: start.voice)
        case Wyoming.SynthesizeChunk.eventType:
            let chunk = try event.decode(Wyoming.SynthesizeChunk.self)
            guard services.options.tts else { return }
            guard streamedSynthesis != nil else {
                throw WyomingProtocolError(.unexpectedEvent, "synthesize-chunk before synthesize-start")
            }
            if let complete = streamedSynthesis!.sentences.append(chunk.text) {
                try await speak(complete, voice: streamedSynthesis!.voice)
            }
        case Wyoming.SynthesizeStop.eventType:
            guard services.options.tts else { return }
            guard var stream = streamedSynthesis else {
                throw WyomingProtocolError(.unexpectedEvent, "synthesize-stop before synthesize-start")
            }
            streamedSynthesis = nil
            if let rest = stream.sentences.finish() { try await speak(rest, voice: stream.voice) }
            try await send(WyomingEvent(Wyoming.SynthesizeStopped()))
        default:
            break
        }
    }

    private func ttsDisabled() async throws {
        try await sendError("text to speech is off on this server (--no-tts)", code: "tts-disabled")
    }

    /// Speaks `text` as `audio-start`, `audio-chunk`s of `samplesPerChunk` 16-bit mono samples at the voice's rate
    /// (each sentence sent as soon as it is synthesized; the last chunk holds the end of the audio), `audio-stop`.
    private func speak(_ text: String, voice requested: Wyoming.SynthesizeVoice?) async throws {
        let catalog = services.catalog
        guard let voice = catalog.voice(named: requested?.name, language: requested?.language,
                                        default: services.options.voice) else {
            let wanted = requested?.name ?? requested?.language ?? services.options.voice
            let names = catalog.voices.map(\.name)
            return try await sendError("""
                no such voice '\(wanted)'; installed voices: \(names.isEmpty ? "none" : names.joined(separator: ", "))
                """, code: "unknown-voice")
        }
        var options = services.options.speech
        options.voice = voice.onnx
        options.speaker = requested?.speaker
        let started = ContinuousClock.now
        let spoken: SpokenAudio
        do {
            spoken = try services.engine.speak(text, options: options) { [logger = self.logger] warning in logger.warning("\(warning)") }
        } catch {
            return try await sendError("synthesis failed: \(error)", code: "synthesis-failed")
        }
        let rate = spoken.format.sampleRate
        let encoder = try AudioEncoder(format: spoken.format, encoding: .pcm16)
        let chunkFormat = Wyoming.AudioChunk(rate: rate, width: 2, channels: 1)
        let perChunk = services.options.samplesPerChunk
        var pending: [Float] = [], total = 0, firstChunk: Double?
        func send(_ samples: ArraySlice<Float>) async throws {
            let bytes = try encoder.append(AudioBuffer(mono: Array(samples), sampleRate: rate))
            try await self.send(WyomingEvent(chunkFormat, payload: Array(bytes)))
            if firstChunk == nil { firstChunk = (ContinuousClock.now - started).wyomingSeconds }
            total += samples.count
        }
        try await self.send(WyomingEvent(Wyoming.AudioStart(rate: rate, width: 2, channels: 1)))
        do {
            for try await sentence in spoken {
                pending += sentence.audio.samples
                var offset = 0
                while pending.count - offset >= perChunk {
                    try await send(pending[offset..<(offset + perChunk)])
                    offset += perChunk
                }
                pending.removeFirst(offset)
            }
        } catch {
            return try await sendError("synthesis failed: \(error)", code: "synthesis-failed")
        }
        if !pending.isEmpty { try await send(pending[...]) }
        try await self.send(WyomingEvent(Wyoming.AudioStop()))
        logger.info("spoke", metadata: [
            "voice": "\(voice.name)", "samples": "\(total)", "rate": "\(rate)",
            "first_chunk_seconds": "\(firstChunk.map { String(format: "%.3f", $0) } ?? "-")",
            "seconds": "\(String(format: "%.3f", (ContinuousClock.now - started).wyomingSeconds))",
        ])
    }
}
