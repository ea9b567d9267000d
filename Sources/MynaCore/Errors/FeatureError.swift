/// Audio that a feature extractor (spectrogram, log-mel, MFCC…) cannot turn into features, or a failure of the FFT
/// library underneath.
///
/// `description` is one line: the location when there is one (a file path, set by whoever knows it with
/// `at(_:)`), then what is wrong, for example `speech.flac: sample 1234 is NaN; features need finite samples`.
public struct FeatureError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; new codes may be added (compare with `==`, do not switch exhaustively).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String { case empty, tooShort, nonFinite, wrongSampleRate, wrongChannelCount,
                                              libraryFailure }
        fileprivate let value: Value
        /// No samples at all.
        public static let empty = Code(value: .empty)
        /// Fewer samples than one analysis window.
        public static let tooShort = Code(value: .tooShort)
        /// A NaN or infinite sample.
        public static let nonFinite = Code(value: .nonFinite)
        /// Audio at a rate the extractor does not take (resample first).
        public static let wrongSampleRate = Code(value: .wrongSampleRate)
        /// Audio with more than one channel where mono is needed (downmix first).
        public static let wrongChannelCount = Code(value: .wrongChannelCount)
        /// The FFT library refused a request (the message names the C call).
        public static let libraryFailure = Code(value: .libraryFailure)
        public var description: String { value.rawValue }
    }

    public var code: Code
    /// The file or stream the samples came from, when known.
    public var location: String?
    /// What went wrong, in words, with the numbers involved.
    public var message: String

    public init(_ code: Code, location: String? = nil, message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    /// The same error, located at `location` (for example the path of the file the samples came from).
    public func at(_ location: String) -> FeatureError {
        var copy = self
        copy.location = location
        return copy
    }

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
