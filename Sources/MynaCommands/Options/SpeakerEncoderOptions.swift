import ArgumentParser
import Foundation
import MynaKit

/// `--encoder`, `--models-dir`, `--no-trim`, `--min-speech`, `--threads`: shared by the commands that embed audio.
struct SpeakerEncoderOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("""
        A GE2E checkpoint in Resemblyzer's format (default: the installed resemblyzer-ge2e/pretrained.pt). \
        The shipped threshold applies only to the default checkpoint.
        """, valueName: "path"))
    var encoder: String?

    @Option(name: .customLong("models-dir"), help: "Where installed models live (default: $MYNA_MODELS_DIR, the installed share/myna/models, the checkout's models/, $XDG_DATA_HOME/myna/models).")
    var modelsDirectory: String?

    @Flag(name: .customLong("no-trim"), help: "Embed the whole recording instead of only its speech (Silero VAD trims the rest by default).")
    var noTrim = false

    @Option(name: .customLong("min-speech"), parsing: .unconditional, help: ArgumentHelp("""
        Refuse recordings with fewer seconds of speech than this (default: \(GE2EEmbeddingOptions.default.minimumSpeechSeconds); \
        'speakers evaluate': 0, every utterance).
        """, valueName: "seconds"))
    var minimumSpeechSeconds: Double?

    @Option(name: .long, parsing: .unconditional, help: "Threads for matrix products and feature extraction (default: all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        if let minimumSpeechSeconds, !(minimumSpeechSeconds.isFinite && minimumSpeechSeconds >= 0) {
            throw ValidationError("--min-speech must be 0 or more seconds.")
        }
    }

    /// The encoder these options describe (and the thread count, set for the process); `defaultMinimumSpeech`
    /// applies when --min-speech is not given.
    func configuration(defaultMinimumSpeech: Double = GE2EEmbeddingOptions.default.minimumSpeechSeconds) -> SpeakerEncoderConfiguration {
        if let threads { MynaRuntime.setThreads(threads) }
        var options = GE2EEmbeddingOptions.default
        options.minimumSpeechSeconds = minimumSpeechSeconds ?? defaultMinimumSpeech
        return SpeakerEncoderConfiguration(modelsDirectory: ModelsDirectory.locate(explicitPath: modelsDirectory),
                                           encoderPath: encoder, trimsNonSpeech: !noTrim, embedding: options)
    }

    /// Loads the encoder (and the voice detector unless --no-trim).
    func makePipeline(defaultMinimumSpeech: Double = GE2EEmbeddingOptions.default.minimumSpeechSeconds) throws -> SpeakerEmbeddingPipeline {
        try configuration(defaultMinimumSpeech: defaultMinimumSpeech).loadPipeline()
    }
}

/// `--db`, `--registry`, `--db-timeout`: shared by the commands that use the speaker registry.
struct SpeakerDatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("""
        The speaker database (default: $XDG_DATA_HOME/myna/speakers.sqlite, else ~/.local/share/myna/speakers.sqlite; \
        the default folder is created when missing, the folder of a --db path must exist).
        """, valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("""
        A PostgreSQL speaker registry shared by several machines instead of the SQLite file: \
        postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, or postgres://USER@/DATABASE?host=/socket/folder for a unix \
        socket (default: $MYNA_REGISTRY when --db is not given; the password may come from $PGPASSWORD).
        """, valueName: "url"))
    var registry: String?

    @Option(name: .customLong("db-timeout"), parsing: .unconditional, help: ArgumentHelp("Seconds to wait while another process writes to the database (PostgreSQL: also to connect).", valueName: "seconds"))
    var timeout = SpeakerRegistry.defaultBusyTimeout

    func validate() throws {
        guard timeout.isFinite, timeout >= 0 else { throw ValidationError("--db-timeout must be 0 or more seconds.") }
        if let db, registry == nil { try OptionBounds.library { try SpeakerRegistryLocation.requireExistingFolder(of: db) } }
    }

    /// The registry these options name (a bad URL is a `ConfigurationError`: exit 2).
    var address: SpeakerRegistryAddress {
        get throws { try SpeakerRegistryAddress.resolve(registry: registry, db: db) }
    }

    /// The file path or the URL without its password, as reports name the registry.
    var path: String { (try? address.description) ?? db ?? SpeakerRegistryLocation.defaultPath() }
}
