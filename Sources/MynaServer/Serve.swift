import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MynaKit

/// `myna serve`: the OpenAI-compatible speech server.
public struct Serve: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve transcription and speech over HTTP with the OpenAI audio API (any OpenAI client can use it).",
        discussion: """
        Routes (OpenAI's shapes and error envelope {"error":{"message","type","param","code"}}):
          POST /v1/audio/transcriptions  multipart: file, model, language, prompt, response_format
                                         (json, text, srt, verbose_json, vtt), temperature, stream,
                                         timestamp_granularities[] (word, segment; with verbose_json only)
          POST /v1/audio/translations    the same without language (multilingual models only)
          POST /v1/audio/speech          JSON: model, input, voice, response_format (mp3, opus, flac, wav, pcm),
                                         speed 0.25-4, stream_format (audio or sse)
          GET  /v1/models, /v1/models/{id}, /health
          GET  /metrics                  Prometheus text: requests by route and status, latency histograms,
                                         engine queue depth, seconds of audio (needs the key like /v1)
        Speakers (Myna's own routes, in the --db database or the --registry PostgreSQL one; they answer what the
        speaker commands print with --json):
          POST   /v1/speakers            multipart: name, file (one or more); add=true adds to a taken name
          GET    /v1/speakers, /v1/speakers/{name}      list, show (?embeddings=true adds the vectors)
          DELETE /v1/speakers/{name}
          POST   /v1/speakers/{name}/verify, /v1/speakers/identify    multipart: file, threshold (identify: top)

        Models: model "whisper-1" is --model (default whisper-tiny.en); installed Whisper models are also named as
        themselves (whisper-base or base). Speech models are tts-1, tts-1-hd or an installed voice; OpenAI's voice
        names (alloy, echo, nova, …) speak with the default voice, piper-en_US-joe-medium. Nothing a request sends
        names a file on the server.

        Errors: 400 bad field or audio (param names it), 401 key, 404 unknown model, voice, speaker or route,
        409 speaker name taken or recording already enrolled, 413 upload too large, 429 queue full (Retry-After),
        503 speaker database locked or unusable, 500 only for a bug.

        Limits: at most --max-concurrent requests run on the engine, --max-queue more wait, beyond that 429 with
        Retry-After. Running transcriptions take turns 30 s window by window, --concurrent-windows windows at a
        time, so a short clip waits for at most one window of each long file, never a whole file. Uploads over
        --max-upload-mb are refused with 413, audio over --max-audio-seconds with 400.
        Listens on 127.0.0.1 (this machine only) unless --host says otherwise; with --api-key (or $MYNA_API_KEY)
        every route but /health needs "Authorization: Bearer KEY".

        One log line per request on stderr: method, path, status, milliseconds, seconds of audio.
        SIGINT (Ctrl-C) or SIGTERM stops it after the requests in flight. Exit codes: 0 after a clean stop,
        2 for bad options, 3 when it cannot listen (the port is taken) or fails at run time.

        Examples:
          myna serve
          myna serve --port 9000 --api-key secret --max-concurrent 2
          curl -F file=@audio-samples/jfk.flac -F model=whisper-1 http://127.0.0.1:8000/v1/audio/transcriptions
        """
    )

    @Option(help: "Address to listen on (0.0.0.0 for every interface).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8000

    @Option(name: .customLong("api-key"), help: "Key every route but /health requires as 'Authorization: Bearer KEY' (default: $MYNA_API_KEY; none: open).")
    var apiKey: String?

    @Option(name: .customLong("models-dir"), help: "Folder of installed models (default: as every myna command finds it).")
    var modelsDirectory: String?

    @Option(help: "Whisper model that 'whisper-1' means (an installed name).")
    var model = WhisperModelLocation.defaultName

    @Option(help: "Threads for matrix products and feature extraction (default: all cores).")
    var threads: Int?

    @Option(name: .long, help: ArgumentHelp("""
        The speaker database of the /v1/speakers routes, as 'myna enroll --db' takes it (default: \
        $XDG_DATA_HOME/myna/speakers.sqlite, else ~/.local/share/myna/speakers.sqlite; created when missing, \
        but the folder of a --db path must exist).
        """, valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("""
        A PostgreSQL speaker registry for the /v1/speakers routes instead of the --db file, as 'myna enroll \
        --registry' takes it (default: $MYNA_REGISTRY when --db is not given): replicas of 'myna serve' that name \
        one registry share their speakers.
        """, valueName: "url"))
    var registry: String?

    @Option(name: .customLong("db-timeout"), help: ArgumentHelp("Seconds to wait while another process writes to the speaker database (PostgreSQL: also to connect).", valueName: "seconds"))
    var dbTimeout = SpeakerRegistry.defaultBusyTimeout

    @Option(name: .customLong("max-concurrent"), help: "Requests admitted to the engine at once (their transcriptions take turns window by window).")
    var maxConcurrent = ServerLimits.defaultMaxConcurrent

    @Option(name: .customLong("concurrent-windows"), help: "Whisper windows decoding at once; running transcriptions take turns window by window.")
    var concurrentWindows = MynaEngine.Configuration.defaultConcurrentWindows

    @Option(name: .customLong("max-queue"), help: "Requests waiting for the engine; more get 429 with Retry-After.")
    var maxQueue = ServerLimits().maxQueue

    @Option(name: .customLong("max-upload-mb"), help: "Largest request body in megabytes (10^6 bytes); larger gets 413.")
    var maxUploadMB = 100

    @Option(name: .customLong("max-audio-seconds"), help: "Longest audio a transcription accepts, in seconds (default: no limit).")
    var maxAudioSeconds: Double?

    public init() {}

    public func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port: \(port) must be between 0 and 65535") }
        guard maxConcurrent >= 1 else { throw ValidationError("--max-concurrent: \(maxConcurrent) must be at least 1") }
        guard concurrentWindows >= 1 else {
            throw ValidationError("--concurrent-windows: \(concurrentWindows) must be at least 1")
        }
        guard maxQueue >= 0 else { throw ValidationError("--max-queue: \(maxQueue) must be at least 0") }
        guard maxUploadMB >= 1 else { throw ValidationError("--max-upload-mb: \(maxUploadMB) must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads: \(threads) must be at least 1") }
        if let maxAudioSeconds, !(maxAudioSeconds > 0) {
            throw ValidationError("--max-audio-seconds: \(maxAudioSeconds) must be above 0")
        }
        guard dbTimeout.isFinite, dbTimeout >= 0 else { throw ValidationError("--db-timeout: \(dbTimeout) must be 0 or more seconds") }
        do {
            if let db, registry == nil { try SpeakerRegistryLocation.requireExistingFolder(of: db) }
            _ = try SpeakerRegistryAddress.resolve(registry: registry, db: db)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        if let key = resolvedAPIKey, key.isEmpty { throw ValidationError("--api-key: the key is empty") }
    }

    /// `--api-key`, else `$MYNA_API_KEY`.
    var resolvedAPIKey: String? { apiKey ?? ProcessInfo.processInfo.environment["MYNA_API_KEY"] }

    public func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "myna.serve")
        logger.logLevel = .info
        let directory = ModelsDirectory.locate(explicitPath: modelsDirectory)
        let installed = WhisperModelLocation.installedNames(in: directory)
        guard let whisperModel = WhisperModelLocation.installedName(matching: model, among: installed) else {
            throw ValidationError("--model: '\(model)' is not installed in \(directory.url.path) (installed: \(installed.joined(separator: ", ")))")
        }
        let engine = try MynaEngine(configuration: .init(modelsDirectory: directory, threads: threads, whisperModel: whisperModel,
                                                         concurrentWindows: concurrentWindows))
        let limits = ServerLimits(maxConcurrent: maxConcurrent, maxQueue: maxQueue, maxUploadBytes: maxUploadMB * 1_000_000,
                                  maxAudioSeconds: maxAudioSeconds)
        let speakers: ServerSpeakers
        do {
            speakers = try ServerSpeakers(address: try SpeakerRegistryAddress.resolve(registry: registry, db: db),
                                          engine: engine, busyTimeout: dbTimeout)
        } catch {
            FileHandle.standardError.write(Data("myna: error: the speaker database: \(error)\n".utf8))
            throw ExitCode(3)
        }
        let server = SpeechServer(engine: engine, limits: limits, apiKey: resolvedAPIKey, speakers: speakers)
        let host = self.host
        let application = server.makeApplication(host: host, port: port, logger: logger) { port in
            // Scripts and tests read the port from this line (with --port 0 it is the one the system chose).
            FileHandle.standardError.write(Data("myna serve: listening on http://\(host):\(port)\n".utf8))
        }
        do {
            try await application.runService()
        } catch {
            // Cannot listen (the port is taken, the address is not this machine's) or failed at run time: exit 3.
            FileHandle.standardError.write(Data("myna: error: serving on \(host):\(port) failed: \(error)\n".utf8))
            throw ExitCode(3)
        }
    }
}
