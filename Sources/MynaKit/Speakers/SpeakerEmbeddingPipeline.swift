import Foundation
import MynaCore
import MynaSpeakers

/// Audio → speaker embedding, as every speaker command does it: decode to 16 kHz mono (`AudioFrontEnd`),
/// then `GE2ESpeakerEncoder` (volume, trimming with the voice detector unless disabled, partials, mean). Knows the
/// encoder's identity (the checkpoint's SHA-256) that the registry stores with every embedding.
///
/// Thread-safety: immutable and `Sendable`.
public struct SpeakerEmbeddingPipeline: Sendable {
    public let encoder: GE2ESpeakerEncoder
    public let identity: EncoderModelIdentity
    public let options: GE2EEmbeddingOptions

    /// Loads the encoder at `encoderPath` and hashes it.
    public init(encoderPath: String, voiceDetector: (any SpeechRegionDetector)?, options: GE2EEmbeddingOptions) throws {
        try options.validate()
        encoder = try GE2ESpeakerEncoder(checkpointPath: encoderPath, voiceDetector: voiceDetector)
        let digest = try SHA256.hash(fileAt: encoderPath)
        identity = EncoderModelIdentity(id: digest.hex, fileName: URL(fileURLWithPath: encoderPath).lastPathComponent,
                                        dimension: encoder.network.configuration.embeddingSize)
        self.options = options
    }

    /// True when non-speech is trimmed.
    public var trims: Bool { encoder.voiceDetector != nil }

    /// The calibration that applies: the shipped one for the pinned checkpoint, nil for any other encoder.
    public var calibration: GE2ECalibration? {
        identity.id == GE2ECalibration.pinnedCheckpointSHA256 ? GE2ECalibration.shipped(trimmed: trims) : nil
    }

    /// The embedding of the audio file at `path`.
    /// - Throws: `AudioIOError` (unreadable file), `SpeakerInputError` located at `path` (silence, too little speech).
    public func embed(file path: String) throws -> FileEmbedding {
        try embed(.file(path: path))
    }

    /// The embedding of `input`.
    /// - Throws: `AudioIOError` (undecodable audio), `SpeakerInputError` located at the input's name (silence, too
    ///   little speech).
    public func embed(_ input: AudioInput) throws -> FileEmbedding {
        try embed([input])[0].get()
    }

    /// `embed(_:progress:)` for files.
    public func embed(files paths: [String], progress: (Int) -> Void = { _ in }) -> [Result<FileEmbedding, Error>] {
        embed(paths.map { .file(path: $0) }, progress: progress)
    }

    /// The embeddings of several inputs, each a success or its own error. Inputs are decoded and prepared one at a
    /// time, and the partials of consecutive inputs share LSTM batches (faster than one at a time when they are
    /// short); memory is bounded by embedding every `batchSize × 4` partials or so.
    /// `progress` is called with the number of inputs done.
    public func embed(_ inputs: [AudioInput], progress: (Int) -> Void = { _ in }) -> [Result<FileEmbedding, Error>] {
        var results = [Result<FileEmbedding, Error>?](repeating: nil, count: inputs.count)
        var pending: [(index: Int, digest: String, prepared: GE2EPreparedUtterance)] = []
        var done = 0
        func flush() {
            let utterances = encoder.embed(pending.map(\.prepared), batchSize: options.batchSize)
            for (item, utterance) in zip(pending, utterances) {
                results[item.index] = .success(FileEmbedding(path: inputs[item.index].name, audioSHA256: item.digest, utterance: utterance))
            }
            done += pending.count
            pending.removeAll()
            progress(done)
        }
        for (index, input) in inputs.enumerated() {
            do {
                let samples = try AudioFrontEnd.readAll(input, sampleRate: encoder.sampleRate)
                let prepared: GE2EPreparedUtterance
                do {
                    prepared = try encoder.prepare(samples, options: options)
                } catch let error as SpeakerInputError {
                    throw error.at(input.name)
                }
                pending.append((index, try input.sha256().hex, prepared))
            } catch {
                results[index] = .failure(error)
                done += 1
            }
            if pending.reduce(0, { $0 + $1.prepared.slices.count }) >= 4 * options.batchSize { flush() }
        }
        if !pending.isEmpty { flush() }
        return results.map { $0! }
    }
}

/// One input's embedding with the input's digest.
public struct FileEmbedding: Sendable {
    /// The input's name: a file's path, an upload's file name, `stdin`.
    public var path: String
    /// SHA-256 of the input's bytes (what the registry uses to refuse the same recording twice).
    public var audioSHA256: String
    public var utterance: GE2EUtterance

    /// What the registry stores for it.
    public var enrolment: UtteranceEnrolment {
        UtteranceEnrolment(embedding: utterance.embedding, speechSeconds: utterance.speechSeconds,
                           sourceName: URL(fileURLWithPath: path).lastPathComponent, audioSHA256: audioSHA256,
                           trimmed: utterance.trimmed)
    }
}
