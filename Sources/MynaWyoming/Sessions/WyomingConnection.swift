import Logging
import MynaKit
import NIOCore

/// One client's session: reads its events in order and answers them (DESIGN.md §10: parse, call MynaKit, format).
///
/// - `describe` → `info`; `ping` → `pong`.
/// - `transcribe`? `audio-start` `audio-chunk`… `audio-stop` → `transcript-start`, `transcript-chunk`s, `transcript`,
///   `transcript-stop` (`WyomingConnection+Transcription`).
/// - `synthesize`, or `synthesize-start` `synthesize-chunk`… `synthesize-stop` → audio (`WyomingConnection+Synthesis`).
/// - Unknown events are ignored, as the `wyoming` servers do (a newer client may send `select-program`).
///
/// A framing error or an event out of order gets an `error` event and the connection is closed; a request that fails
/// (an unknown voice, a failed decode) gets an `error` event and the session goes on.
///
/// Not thread-safe: one task per connection.
final class WyomingConnection {
    let services: WyomingServices
    var logger: Logger
    let outbound: NIOAsyncChannelOutboundWriter<WyomingEvent>

    /// The `transcribe` request the next audio belongs to.
    var transcribeRequest: Wyoming.Transcribe?
    /// The audio stream in progress.
    var audio: WyomingAudioStream?
    /// The live dictation of the audio stream in progress (`--live-transcripts`).
    var live: LiveDictationStream?
    /// The whole-stream transcription of the audio stream in progress, decoding while it arrives (otherwise).
    var speculative: SpeculativeTranscription<TranscriptionResult>?
    /// The streamed synthesis in progress (`synthesize-start` seen, `synthesize-stop` not yet).
    var streamedSynthesis: StreamedSynthesis?

    struct LiveDictationStream {
        let source: PushedAudioSource
        /// Sends the chunks as words are committed; returns the transcript text and language.
        let task: Task<(String, String?), Error>
    }

    struct StreamedSynthesis {
        var voice: Wyoming.SynthesizeVoice?
        var sentences = SentenceBoundary()
    }

    init(services: WyomingServices, logger: Logger, outbound: NIOAsyncChannelOutboundWriter<WyomingEvent>) {
        self.services = services
        self.logger = logger
        self.outbound = outbound
    }

    /// Serves `channel` until the client closes it, the idle timeout closes it, or a protocol error ends it.
    static func serve(_ channel: NIOAsyncChannel<WyomingEvent, WyomingEvent>, services: WyomingServices, peer: String) async {
        var logger = services.logger
        logger[metadataKey: "peer"] = "\(peer)"
        logger.info("connected")
        do {
            try await channel.executeThenClose { inbound, outbound in
                let connection = WyomingConnection(services: services, logger: logger, outbound: outbound)
                var failure: Error?
                do {
                    for try await event in inbound {
                        try await connection.handle(event)
                    }
                    logger.info("disconnected")
                } catch let error as WyomingProtocolError {
                    logger.warning("closing the connection: \(error)")
                    try? await outbound.write(WyomingEvent(Wyoming.Error(text: error.message, code: error.code.rawValue)))
                } catch {
                    failure = error                       // a write error, or the server stopping (cancellation)
                }
                // However the session ended, no decode of it outlives it (the server's exit waits for this).
                connection.endLiveDictation()
                await connection.speculative?.cancelAndWait()
                connection.endSpeculation()
                if let failure { throw failure }
            }
        } catch is CancellationError {
            logger.info("connection closed: the server is stopping")
        } catch {
            logger.warning("connection ended: \(error)")
        }
    }

    /// Answers one event.
    /// - Throws: `WyomingProtocolError` for an event out of order (the connection closes); a write error.
    func handle(_ event: WyomingEvent) async throws {
        logger.trace("event", metadata: ["type": "\(event.type)", "payload": "\(event.payload.count)"])
        switch event.type {
        case Wyoming.Describe.eventType:
            try await send(services.info)
        case Wyoming.Ping.eventType:
            try await send(WyomingEvent(Wyoming.Pong(text: try event.decode(Wyoming.Ping.self).text)))
        case Wyoming.Transcribe.eventType, Wyoming.AudioStart.eventType, Wyoming.AudioChunk.eventType,
             Wyoming.AudioStop.eventType:
            try await handleTranscription(event)
        case Wyoming.Synthesize.eventType, Wyoming.SynthesizeStart.eventType, Wyoming.SynthesizeChunk.eventType,
             Wyoming.SynthesizeStop.eventType:
            try await handleSynthesis(event)
        default:
            logger.debug("ignoring an event this server does not handle", metadata: ["type": "\(event.type)"])
        }
    }

    /// Stops a live dictation whose audio will not end normally (the connection is closing).
    func endLiveDictation() {
        live?.source.finish()
        live?.task.cancel()
        live = nil
    }

    func send(_ event: WyomingEvent) async throws {
        try await outbound.write(event)
    }

    /// Sends an `error` event for a request that failed; the session goes on.
    func sendError(_ text: String, code: String) async throws {
        logger.warning("request failed: \(text)", metadata: ["code": "\(code)"])
        try await send(WyomingEvent(Wyoming.Error(text: text, code: code)))
    }
}
