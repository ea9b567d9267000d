import ArgumentParser
import Foundation
import Logging
import MynaKit
import UnixSignals

/// `myna wyoming`: speech to text and text to speech for Home Assistant over the Wyoming protocol, in one process.
public struct WyomingCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "wyoming",
        abstract: "Serve speech to text and text to speech to Home Assistant (Wyoming protocol).",
        discussion: """
        Home Assistant and Rhasspy reach local speech engines through the Wyoming protocol. This server is both \
        of the usual two (wyoming-faster-whisper and wyoming-piper) in one process: it offers every installed \
        Whisper model and Piper voice (see 'myna models'), each loaded once and shared by all connections.

        In Home Assistant: Settings → Devices & services → Add integration → Wyoming Protocol, then the host \
        running myna and the port (10300 by default). Listen on 0.0.0.0 (or the machine's address) when Home \
        Assistant runs on another machine: the default listens on this machine only.

        Speech to text: audio at any rate, sample width (1, 2, 4 bytes) and channel count is converted to 16 kHz \
        mono as it arrives; at audio-stop the utterance is decoded as 'myna transcribe' decodes a file \
        (--live-transcripts: while it arrives, as 'myna dictate' does). Streaming clients get transcript-chunk \
        events, then transcript and transcript-stop. Text to speech: sentence by \
        sentence, 16-bit mono at the voice's rate in chunks of 1024 samples; streaming clients (synthesize-start, \
        synthesize-chunk…, synthesize-stop) hear each sentence as soon as its text is complete.

        Each connection is its own session; a malformed event gets an error event and its connection is closed; \
        a connection silent for --idle-timeout seconds is closed. At most --max-concurrent-decodes speech-to-text \
        decodes run at once across connections; the others wait their turn (never refused). SIGTERM (systemd's \
        stop) or SIGINT (Ctrl-C) stops listening, cancels the sessions in flight (a decode stops within one token) \
        and exits with status 0. Logs go to stderr.

        Examples:
          myna wyoming
          myna wyoming --uri tcp://0.0.0.0:10300 --model base
          myna wyoming --no-tts --uri tcp://0.0.0.0:10300 --live-transcripts
          myna wyoming --no-asr --uri tcp://0.0.0.0:10200 --voice en_US-joe-medium
          myna wyoming --uri unix:///run/myna/wyoming.sock
          myna wyoming --uri stdio://
        """)

    @Option(name: .long, help: ArgumentHelp("""
        Where to listen: tcp://HOST:PORT (port 0: any free port, printed in the log), unix://PATH, or stdio:// \
        (one session on stdin and stdout).
        """, valueName: "uri"))
    var uri = WyomingURI.default.description

    @Flag(name: .customLong("no-asr"), help: "Offer no speech to text.")
    var noASR = false

    @Flag(name: .customLong("no-tts"), help: "Offer no text to speech.")
    var noTTS = false

    @Flag(name: .customLong("live-transcripts"), help: ArgumentHelp("""
        Decode while audio arrives (the dictation pipeline: Silero VAD, partial decodes, a final per utterance): \
        transcript-chunk events as words are committed and the transcript one short decode after audio-stop, but \
        each utterance is decoded alone, so the text may differ from 'myna transcribe' (default: the whole audio is \
        decoded at audio-stop, as 'myna transcribe' decodes it).
        """))
    var liveTranscripts = false

    @Option(name: .long, help: "Whisper model of a transcribe request that names none (installed name).")
    var model = WhisperModelLocation.defaultName

    @Option(name: .long, help: "Piper voice of a synthesize request that names none (installed name).")
    var voice = PiperVoiceLocation.defaultName

    @Option(name: .customLong("noise-scale"), parsing: .unconditional, help: "Voice variation (default: the voice's, Piper's 0.667).")
    var noiseScale: Float?

    @Option(name: .customLong("noise-w"), parsing: .unconditional, help: "Rhythm variation (default: the voice's, Piper's 0.8).")
    var noiseW: Float?

    @Option(name: .customLong("models-dir"), help: "Where installed models live (default: $MYNA_MODELS_DIR, the installed share/myna/models, the checkout's models/, $XDG_DATA_HOME/myna/models).")
    var modelsDirectory: String?

    @Option(name: .long, parsing: .unconditional, help: "Threads for matrix products (default: all cores).")
    var threads: Int?

    @Option(name: .customLong("idle-timeout"), parsing: .unconditional, help: ArgumentHelp(
        "Close a connection after this many seconds without an event either way.", valueName: "seconds"))
    var idleTimeout: Int64 = WyomingServices.Options().idleTimeoutSeconds

    @Option(name: .customLong("max-concurrent-decodes"), parsing: .unconditional, help: ArgumentHelp(
        "Speech-to-text decodes running at once across all connections; more wait their turn.", valueName: "count"))
    var maxConcurrentDecodes = WyomingServices.Options().maxConcurrentDecodes

    @Option(name: .customLong("log-level"), help: ArgumentHelp(
        "trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel = "info"

    public init() {}

    public func validate() throws {
        do { _ = try WyomingURI(parsing: uri) } catch { throw ValidationError("--uri: \(error)") }
        if noASR && noTTS { throw ValidationError("--no-asr and --no-tts together leave nothing to serve.") }
        if let threads, threads < 1 { throw ValidationError("--threads: \(threads) must be at least 1") }
        if idleTimeout < 1 { throw ValidationError("--idle-timeout: \(idleTimeout) must be at least 1 second") }
        if maxConcurrentDecodes < 1 {
            throw ValidationError("--max-concurrent-decodes: \(maxConcurrentDecodes) must be at least 1")
        }
        if Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level: '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        do { try speechOptions.validate() } catch { throw ValidationError("--\(error.field): \(error.message)") }
    }

    private var speechOptions: SpeechOptions {
        SpeechOptions(voice: voice, noiseScale: noiseScale, noiseW: noiseW)
    }

    public func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        // stdout may be the protocol's (stdio://): logs go to stderr.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "myna.wyoming")
        let uri = try WyomingURI(parsing: uri)
        let directory = ModelsDirectory.locate(explicitPath: modelsDirectory)
        let engine = try MynaEngine(configuration: .init(modelsDirectory: directory, threads: threads, whisperModel: model))
        let catalog = WyomingCatalog(modelsDirectory: directory, asr: !noASR, tts: !noTTS)

        var options = WyomingServices.Options()
        options.asr = !noASR
        options.tts = !noTTS
        options.model = model
        options.voice = voice
        options.speech = speechOptions
        options.idleTimeoutSeconds = idleTimeout
        options.liveTranscripts = liveTranscripts
        options.maxConcurrentDecodes = maxConcurrentDecodes
        // The defaults must exist and load: fail now, not at the first request.
        if options.asr {
            guard let found = catalog.model(named: nil, default: model) else {
                throw ConfigurationError(field: "--model", message: "'\(model)' is not an installed Whisper model (installed: \(catalog.models.map(\.name).joined(separator: ", ")))")
            }
            options.model = found.name
            _ = try engine.transcriber(found.name)
            _ = try engine.voiceDetector()
            // One decode of a second of silence (the speech gate off, so the encoder runs): the first request does
            // not pay for paging in the weights and starting the BLAS threads (a cold encoder pass is several times
            // slower).
            _ = try await engine.transcribe(
                .samples(AudioBuffer(mono: [Float](repeating: 0, count: AudioFormat.speech16k.sampleRate),
                                     sampleRate: AudioFormat.speech16k.sampleRate), name: "warm-up"),
                options: TranscriptionOptions(model: found.name, speechGate: false))
        }
        if options.tts {
            guard let found = catalog.voice(named: voice, language: nil, default: voice) else {
                throw ConfigurationError(field: "--voice", message: "'\(voice)' is not an installed Piper voice (installed: \(catalog.voices.map(\.name).joined(separator: ", ")))")
            }
            options.voice = found.name
            _ = try engine.speech.voice(found.onnx)
        }
        let services = WyomingServices(engine: engine, catalog: catalog, options: options,
                                       version: WyomingCommand.version, logger: logger)
        logger.info("offering", metadata: [
            "models": "\(catalog.models.map(\.name))", "voices": "\(catalog.voices.map(\.name))",
            "default_model": "\(options.asr ? options.model : "-")", "default_voice": "\(options.tts ? options.voice : "-")",
        ])
        try await Self.serve(WyomingServer(services: services), on: uri, logger: logger)
    }

    /// Runs `server` until it ends by itself (stdio:// at the end of input) or SIGTERM or SIGINT arrives; then its
    /// task is cancelled: the listener closes, each session's task is cancelled (a decode in flight stops within one
    /// token, its connection is closed) and this returns once all of them ended.
    private static func serve(_ server: WyomingServer, on uri: WyomingURI, logger: Logger) async throws {
        // Trapped before listening, so a signal that arrives as soon as the address is logged is not lost.
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.run(on: uri) { address in logger.info("listening on \(address)") }
            }
            group.addTask {
                for await signal in signals {
                    logger.notice("stopping on \(signal): no new connections; cancelling the sessions in flight")
                    return
                }
            }
            try await group.next()
            group.cancelAll()
            do {
                while try await group.next() != nil {}
            } catch is CancellationError {
                // The server's accept loop ends this way once cancelled.
            }
        }
        logger.notice("stopped")
    }

    /// The version `info` reports for Myna's programs; the executable sets it from `myna --version`.
    nonisolated(unsafe) public static var version = "0"
}
