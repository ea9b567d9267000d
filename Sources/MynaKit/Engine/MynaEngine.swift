import MynaCore
import Foundation
import MynaRecognition
import MynaTensor
import MynaVAD

/// The one entry point of the library: the CLI, the servers and Swift programs call Myna's jobs through it.
///
/// Created from one `Configuration` (where the models are, how many threads, which models by default). Models are
/// loaded lazily, by name, once, and shared by every request: their weights are immutable and `Sendable`, and each
/// request keeps its own state (features, KV caches, decoder scratch), so many tasks may call one engine at once.
///
/// Thread-safety: safe to share and to call from any number of tasks.
public final class MynaEngine: Sendable {
    /// What an engine is made from; `.default` looks for the models as `myna` does.
    public struct Configuration: Sendable {
        /// Where installed models live (`ModelsDirectory.locate`).
        public var modelsDirectory: ModelsDirectory
        /// Threads for matrix products and feature extraction; nil leaves the current setting (default: all cores).
        public var threads: Int?
        /// The Whisper model a transcription uses unless it names another (installed name or model folder).
        public var whisperModel: String
        /// The Silero VAD weights the speech gate uses unless a request names others.
        public var voiceDetector: String
        /// Whisper windows decoding at once across all transcriptions; the others wait their turn in arrival order
        /// (`WindowScheduler`), so concurrent transcriptions take turns window by window.
        public var concurrentWindows: Int

        /// Two windows keep the cores busy and no more: each window's matrix products already use every core, and a
        /// second window overlaps one's single-threaded parts (token-by-token decoding) with the other's products.
        public static let defaultConcurrentWindows = 2

        public init(modelsDirectory: ModelsDirectory = ModelsDirectory.locate(explicitPath: nil), threads: Int? = nil,
                    whisperModel: String = WhisperModelLocation.defaultName,
                    voiceDetector: String = SileroModelLocation.defaultName,
                    concurrentWindows: Int = Configuration.defaultConcurrentWindows) {
            self.modelsDirectory = modelsDirectory
            self.threads = threads
            self.whisperModel = whisperModel
            self.voiceDetector = voiceDetector
            self.concurrentWindows = concurrentWindows
        }

        public static var `default`: Configuration { Configuration() }
    }

    public let configuration: Configuration
    /// Text to speech with Piper voices, each loaded once (`speak`).
    public let speech: SpeechSynthesis
    /// The turns every transcription's windows take (`Configuration.concurrentWindows`).
    let windows: WindowScheduler
    private let transcribers = ModelCache<WhisperTranscriber>()
    private let detectors = ModelCache<SileroVoiceDetector>()
    /// GE2E speaker encoders by checkpoint path (`speakerService`).
    let speakerPipelines = ModelCache<SpeakerEmbeddingPipeline>()

    /// - Throws: `ConfigurationError` for a thread or window count below 1.
    public convenience init(configuration: Configuration = .default) throws {
        guard configuration.concurrentWindows >= 1 else {
            throw ConfigurationError(field: "concurrentWindows", message: "\(configuration.concurrentWindows) must be at least 1")
        }
        try self.init(configuration: configuration, windows: WindowScheduler(concurrentWindows: configuration.concurrentWindows))
    }

    /// An engine whose transcriptions take turns on `windows` (tests pass an instrumented one).
    init(configuration: Configuration, windows: WindowScheduler) throws {
        if let threads = configuration.threads {
            guard threads >= 1 else { throw ConfigurationError(field: "threads", message: "\(threads) must be at least 1") }
            MynaThreads.set(threads)
        }
        self.configuration = configuration
        self.windows = windows
        speech = SpeechSynthesis(modelsDirectory: configuration.modelsDirectory)
    }

    /// The Whisper model `name` (installed name or folder; nil: the configured default), loaded on first use.
    /// - Throws: `ConfigurationError` for an unknown name, `WeightLoadingError` for a damaged model folder.
    public func transcriber(_ name: String? = nil) throws -> WhisperTranscriber {
        let folder = try WhisperModelLocation.resolve(name ?? configuration.whisperModel,
                                                      modelsDirectory: configuration.modelsDirectory)
        return try transcribers.value(for: folder.standardizedFileURL.path) {
            try WhisperTranscriber(model: WhisperModel(directory: folder))
        }
    }

    /// The Silero voice activity detector `name` (installed name, folder or file; nil: the configured default).
    public func voiceDetector(_ name: String? = nil) throws -> SileroVoiceDetector {
        let path = try SileroModelLocation.resolve(name ?? configuration.voiceDetector,
                                                   modelsDirectory: configuration.modelsDirectory)
        return try detectors.value(for: path) { try SileroVoiceDetector(contentsOf: path) }
    }

    /// How many models this engine has loaded (each once, however many requests used it).
    public var loadedModelCount: Int { transcribers.count + detectors.count + speakerPipelines.count }
}

/// Models by resolved path, each loaded once. Loading happens under the lock, so two requests for a model that is
/// not loaded yet wait for one load instead of making two.
final class ModelCache<Model: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var models: [String: Model] = [:]

    func value(for key: String, load: () throws -> Model) throws -> Model {
        lock.lock()
        defer { lock.unlock() }
        if let model = models[key] { return model }
        let model = try load()
        models[key] = model
        return model
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return models.count
    }
}
