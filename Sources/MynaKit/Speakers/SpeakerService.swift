import Foundation
import MynaCore
import MynaSpeakers
import MynaVAD

/// Speaker embedding, enrolment, verification and identification as decisions in values: what `myna embed`,
/// `enroll`, `verify` and `identify` print, and what a server or a Swift program asks for.
///
/// The service reaches enrolled speakers only through `SpeakerStore` (SQLite, or any other backend) and loads the
/// encoder lazily, once, on the first call that needs it: a lookup that fails (an unknown name, nobody enrolled)
/// fails before the model is read.
///
/// Inputs are `AudioInput`s (a file, bytes in memory such as an upload, or samples); every call also takes a path.
///
/// Thread-safety: `Sendable`; calls may run concurrently (the pipeline is immutable, each call has its own session).
public struct SpeakerService: Sendable {
    /// Where enrolled speakers are.
    public let store: any SpeakerStore
    private let encoder: LazyModel<SpeakerEmbeddingPipeline>
    private let diarizer: LazyModel<SpeakerDiarizer>

    /// A service over `store` with an already loaded pipeline.
    public init(store: any SpeakerStore = EmptySpeakerStore(), pipeline: SpeakerEmbeddingPipeline) {
        self.store = store
        encoder = LazyModel { pipeline }
        diarizer = LazyModel { try Self.diarizer(sharing: pipeline, modelsDirectory: nil) }
    }

    /// A service over `store` that loads the encoder described by `configuration` when first needed.
    public init(store: any SpeakerStore = EmptySpeakerStore(), encoder configuration: SpeakerEncoderConfiguration) {
        self.store = store
        let encoder = LazyModel { try configuration.loadPipeline() }
        self.encoder = encoder
        diarizer = LazyModel { try Self.diarizer(sharing: encoder.get(), modelsDirectory: configuration.modelsDirectory) }
    }

    /// The diarizer on the pipeline's GE2E network (loaded once for both) and its Silero VAD when it trims with one;
    /// otherwise the installed Silero VAD in `modelsDirectory`.
    private static func diarizer(sharing pipeline: SpeakerEmbeddingPipeline, modelsDirectory: ModelsDirectory?) throws -> SpeakerDiarizer {
        let detector: SileroVoiceDetector
        if let trimming = pipeline.encoder.voiceDetector as? SileroSpeechRegions {
            detector = trimming.detector
        } else if let modelsDirectory {
            detector = try SileroModelLocation.loadDetector(SileroModelLocation.defaultName, modelsDirectory: modelsDirectory)
        } else {
            throw ConfigurationError(field: "pipeline", message: "diarization needs Silero VAD: build the service from a configuration")
        }
        return try SpeakerDiarizer(network: pipeline.encoder.network, voiceDetector: detector)
    }

    /// The embedding pipeline, loaded on first use. - Throws: what loading the models throws.
    public func pipeline() throws -> SpeakerEmbeddingPipeline { try encoder.get() }

    // MARK: - Diarization

    /// Who spoke when in `input` (`SpeakerDiarizer`). Speakers enrolled in the store with the same encoder name the
    /// speakers whose voice matches theirs at least at `threshold` (default: the calibrated verification threshold
    /// for whole recordings), each name at most once, best match first; the others are `SPEAKER_00`, `SPEAKER_01`…
    /// in order of first appearance.
    /// - Throws: `AudioIOError` (undecodable audio), `ConfigurationError` (options), model loading and store errors.
    public func diarize(_ input: AudioInput, options: DiarizationOptions = .default,
                        threshold: Double? = nil) throws -> SpeakerDiarizer.Result {
        let diarizer = try diarizer.get()
        var result = try diarizer.diarize(AudioFrontEnd.readAll(input, sampleRate: diarizer.sampleRate), options: options)
        let profiles = try store.profiles()
        guard !profiles.isEmpty, !result.speakers.isEmpty else { return result }
        let pipeline = try pipeline()
        let comparable = profiles.filter { $0.encoderModelID == pipeline.identity.id }
        let minimum = try threshold ?? SpeakerDecisionRule(pipeline: pipeline, explicitThreshold: nil).threshold
        // Pairs above the threshold, best first; each speaker and each enrolled name used once.
        var pairs: [(label: String, name: String, score: Double)] = []
        for label in result.speakers {
            for profile in comparable {
                let score = result.centroids[label]!.cosineSimilarity(profile.embedding)
                if score >= minimum { pairs.append((label, profile.name, score)) }
            }
        }
        var names: [String: String] = [:], taken: Set<String> = []
        for pair in pairs.sorted(by: { $0.score > $1.score }) where names[pair.label] == nil && !taken.contains(pair.name) {
            names[pair.label] = pair.name
            taken.insert(pair.name)
        }
        guard !names.isEmpty else { return result }
        // Unnamed speakers are numbered again from SPEAKER_00 in order of first appearance.
        var next = 0
        for label in result.speakers where names[label] == nil {
            names[label] = String(format: "SPEAKER_%02d", next)
            next += 1
        }
        result.turns = result.turns.map { SpeakerTurn(start: $0.start, end: $0.end, speaker: names[$0.speaker]!) }
        result.centroids = Dictionary(uniqueKeysWithValues: result.centroids.map { (names[$0.key]!, $0.value) })
        result.speakers = result.speakers.map { names[$0]! }
        return result
    }

    // MARK: - Embedding

    /// The embedding of the audio file at `path`.
    /// - Throws: `AudioIOError` (unreadable file), `SpeakerInputError` (silence, too little speech), model loading errors.
    public func embed(file path: String) throws -> FileEmbedding {
        try pipeline().embed(file: path)
    }

    /// The embedding of `input`. - Throws: as `embed(file:)`.
    public func embed(_ input: AudioInput) throws -> FileEmbedding {
        try pipeline().embed(input)
    }

    /// The embeddings of several files, each a success or its own error (`SpeakerEmbeddingPipeline.embed(files:)`).
    /// `progress` is called with the number of files done. - Throws: only model loading errors.
    public func embed(files paths: [String], progress: (Int) -> Void = { _ in }) throws -> [Result<FileEmbedding, Error>] {
        try pipeline().embed(files: paths, progress: progress)
    }

    // MARK: - Enrolment

    /// Embeds every file, then adds them to speaker `name` in one store transaction (the speaker is created when new).
    /// All or nothing: the first file that fails ends the call before anything is stored.
    /// `progress` is called with the number of files embedded.
    /// - Throws: `SpeakerRegistryError` (`.invalidName`, `.duplicateUtterance`, `.encoderMismatch`, store failures),
    ///   the first file's embedding error.
    public func enroll(name: String, files paths: [String], now: Date = Date(),
                       progress: (Int) -> Void = { _ in }) throws -> SpeakerEnrolment {
        try enroll(name: name, inputs: paths.map { .file(path: $0) }, now: now, progress: progress)
    }

    /// `enroll(name:files:)` for inputs of any kind (uploads, samples); with `mode` `.createOnly` a taken name is
    /// `.speakerExists`, decided in the store's transaction (so two enrolments of one new name at once never both
    /// create it).
    public func enroll(name: String, inputs: [AudioInput], now: Date = Date(), mode: EnrolmentMode = .createOrAdd,
                       progress: (Int) -> Void = { _ in }) throws -> SpeakerEnrolment {
        try SpeakerName.validate(name, location: "speaker name")
        guard !inputs.isEmpty else { throw ConfigurationError(field: "files", message: "give at least one recording of \(name)") }
        let pipeline = try pipeline()
        let embeddings = try pipeline.embed(inputs, progress: progress).map { try $0.get() }
        let result = try store.enroll(name: name, encoder: pipeline.identity, utterances: embeddings.map(\.enrolment), now: now,
                                      mode: mode)
        return SpeakerEnrolment(result: result, embeddings: embeddings, location: store.location)
    }

    // MARK: - Decisions

    /// Is the recording at `path` the voice of enrolled speaker `name`? Accepted when the cosine score of its
    /// embedding and the speaker's profile reaches `threshold` (default: the calibrated one, `SpeakerDecisionRule`).
    /// - Throws: `.unknownSpeaker`; `.encoderMismatch` when the speaker was enrolled with another encoder;
    ///   `ConfigurationError` (no threshold for an uncalibrated encoder, a threshold outside [-1, 1]); embedding errors.
    public func verify(name: String, file path: String, threshold: Double? = nil) throws -> SpeakerVerification {
        try verify(name: name, input: .file(path: path), threshold: threshold)
    }

    /// `verify(name:file:threshold:)` for an input of any kind (an upload, samples).
    public func verify(name: String, input: AudioInput, threshold: Double? = nil) throws -> SpeakerVerification {
        let profile = try store.profile(named: name)
        let pipeline = try pipeline()
        guard profile.encoderModelID == pipeline.identity.id else {
            throw SpeakerRegistryError(.encoderMismatch, location: store.location, message: """
                "\(profile.name)" was enrolled with encoder \(profile.encoderModelID.prefix(12))…, not \
                \(pipeline.identity.id.prefix(12))… (\(pipeline.identity.fileName)); verify with the same --encoder
                """)
        }
        let rule = try SpeakerDecisionRule(pipeline: pipeline, explicitThreshold: threshold)
        let embedding = try pipeline.embed(input)
        let score = profile.embedding.cosineSimilarity(embedding.utterance.embedding)
        return SpeakerVerification(speaker: profile.name, score: score, threshold: rule.threshold,
                                   probability: rule.probability(score), accepted: rule.accepts(score), embedding: embedding)
    }

    /// Which enrolled speaker is the recording at `path`? Every speaker enrolled with the pipeline's encoder is
    /// scored; the best is identified when it reaches `threshold` (default: the calibrated one). The others are
    /// listed in `skippedSpeakers`. `top` limits `matches` (the decision always uses every speaker).
    /// - Throws: `.unknownSpeaker` when nobody is enrolled; `.encoderMismatch` when every speaker was enrolled with
    ///   another encoder; `ConfigurationError` (`top` below 1, threshold as in `verify`); embedding errors.
    public func identify(file path: String, top: Int = .max, threshold: Double? = nil) throws -> SpeakerIdentification {
        try identify(input: .file(path: path), top: top, threshold: threshold)
    }

    /// `identify(file:top:threshold:)` for an input of any kind (an upload, samples).
    public func identify(input: AudioInput, top: Int = .max, threshold: Double? = nil) throws -> SpeakerIdentification {
        guard top >= 1 else { throw ConfigurationError(field: "top", message: "\(top) matches: give at least 1") }
        if let indexed = store as? IndexedSpeakerStore { return try identify(input: input, top: top, threshold: threshold, in: indexed) }
        let profiles = try store.profiles()
        guard !profiles.isEmpty else {
            throw SpeakerRegistryError(.unknownSpeaker, location: store.location, message: """
                nobody is enrolled yet; enrol speakers with 'myna enroll NAME FILE…' first
                """)
        }
        let pipeline = try pipeline()
        let comparable = profiles.filter { $0.encoderModelID == pipeline.identity.id }
        let skipped = profiles.filter { $0.encoderModelID != pipeline.identity.id }.map(\.name)
        guard !comparable.isEmpty else {
            throw SpeakerRegistryError(.encoderMismatch, location: store.location, message: """
                every speaker was enrolled with another encoder than \(pipeline.identity.fileName); use that --encoder
                """)
        }
        let rule = try SpeakerDecisionRule(pipeline: pipeline, explicitThreshold: threshold)
        let embedding = try pipeline.embed(input)
        let ranked = comparable.map { profile -> SpeakerMatch in
            let score = profile.embedding.cosineSimilarity(embedding.utterance.embedding)
            return SpeakerMatch(speaker: profile.name, score: score, probability: rule.probability(score))
        }.sorted { $0.score > $1.score }
        return SpeakerIdentification(matches: Array(ranked.prefix(top)), best: ranked[0], threshold: rule.threshold,
                                     identified: rule.accepts(ranked[0].score), skippedSpeakers: skipped, embedding: embedding)
    }
}

extension SpeakerService {
    /// `identify` over a store's in-memory index: the same decision as the profile loop above (cosine with every
    /// profile of the pipeline's encoder, best first), as one matrix-vector product.
    func identify(input: AudioInput, top: Int, threshold: Double?, in store: IndexedSpeakerStore) throws -> SpeakerIdentification {
        let index = try store.index()
        guard index.count > 0 else {
            throw SpeakerRegistryError(.unknownSpeaker, location: store.location, message: """
                nobody is enrolled yet; enrol speakers with 'myna enroll NAME FILE…' first
                """)
        }
        let pipeline = try pipeline()
        let skipped = index.names(notOf: pipeline.identity.id)
        guard skipped.count < index.count else {
            throw SpeakerRegistryError(.encoderMismatch, location: store.location, message: """
                every speaker was enrolled with another encoder than \(pipeline.identity.fileName); use that --encoder
                """)
        }
        let rule = try SpeakerDecisionRule(pipeline: pipeline, explicitThreshold: threshold)
        let embedding = try pipeline.embed(input)
        let ranked = index.search(embedding.utterance.embedding, encoderID: pipeline.identity.id, top: top).map {
            SpeakerMatch(speaker: $0.name, score: $0.score, probability: rule.probability($0.score))
        }
        return SpeakerIdentification(matches: ranked, best: ranked[0], threshold: rule.threshold,
                                     identified: rule.accepts(ranked[0].score), skippedSpeakers: skipped, embedding: embedding)
    }
}

/// Loads a model once, on first use; concurrent first callers wait for the one load.
final class LazyModel<Model: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private let load: @Sendable () throws -> Model
    private var loaded: Model?  // guarded by `lock`

    init(_ load: @escaping @Sendable () throws -> Model) {
        self.load = load
    }

    func get() throws -> Model {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let model = try load()
        loaded = model
        return model
    }
}
