import Foundation
import MynaCore
import MynaSpeakerRegistry
import MynaSpeakers

/// Audio file → speaker embedding, as every speaker command does it: decode to 16 kHz mono (`SpeechAudioLoader`),
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
        let samples = try SpeechAudioLoader.load(path: path, sampleRate: encoder.sampleRate)
        let utterance: GE2EUtterance
        do {
            utterance = try encoder.embedUtterance(samples, options: options)
        } catch let error as SpeakerInputError {
            throw error.at(path)
        }
        return FileEmbedding(path: path, audioSHA256: try SHA256.hash(fileAt: path).hex, utterance: utterance)
    }
}

/// One file's embedding with the file's digest.
public struct FileEmbedding: Sendable {
    public var path: String
    /// SHA-256 of the file's bytes (what the registry uses to refuse the same recording twice).
    public var audioSHA256: String
    public var utterance: GE2EUtterance

    /// What the registry stores for it.
    public var enrolment: UtteranceEnrolment {
        UtteranceEnrolment(embedding: utterance.embedding, speechSeconds: utterance.speechSeconds,
                           sourceName: URL(fileURLWithPath: path).lastPathComponent, audioSHA256: audioSHA256,
                           trimmed: utterance.trimmed)
    }
}
