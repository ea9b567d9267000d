/// Audio the speaker encoder cannot turn into a trustworthy embedding: too little speech, silence only, samples that
/// are not finite.
///
/// `description` is one line: the location when there is one (set with `at(_:)`), then what is wrong and what to do,
/// for example `short.flac: only 0.42 s of speech (at least 1.0 s is needed; 5–30 s gives a reliable voice profile)`.
public struct SpeakerInputError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; new codes may be added (compare with `==`, do not switch exhaustively).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String { case tooLittleSpeech, silence, invalidSamples }
        fileprivate let value: Value
        /// Less speech than `GE2EEmbeddingOptions.minimumSpeechSeconds`.
        public static let tooLittleSpeech = Code(value: .tooLittleSpeech)
        /// No speech at all: digital silence, a level below the silence floor, or nothing the detector calls speech.
        public static let silence = Code(value: .silence)
        /// No samples, or a NaN or infinite sample.
        public static let invalidSamples = Code(value: .invalidSamples)
        public var description: String { value.rawValue }
    }

    public var code: Code
    public var location: String?
    public var message: String
    /// Seconds of speech found (for `.tooLittleSpeech` and `.silence`).
    public var speechSeconds: Double?

    public init(_ code: Code, location: String? = nil, message: String, speechSeconds: Double? = nil) {
        self.code = code
        self.location = location
        self.message = message
        self.speechSeconds = speechSeconds
    }

    /// The same error, located at `location` (for example the file the samples came from).
    public func at(_ location: String) -> SpeakerInputError {
        var copy = self
        copy.location = location
        return copy
    }

    public var description: String { location.map { "\($0): \(message)" } ?? message }
}
