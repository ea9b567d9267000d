/// A model weight file that cannot be read, or whose tensors do not fit the model that asked for them.
///
/// `description` is one line: the file, then the tensor key when there is one, then what is wrong — for a shape
/// mismatch both shapes, for example `model.bin: encoder/conv1/weight: shape [384, 80, 3] in the file, the model
/// expects [384, 80, 5]`.
public struct WeightLoadingError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; new codes may be added (compare with `==`, do not switch exhaustively).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String {
            case notFound, unreadable, missing, unused, shapeMismatch, dtypeUnsupported, malformedFile, truncated,
                 unsupportedFeature, refusedPickle, wrongFormat
        }
        fileprivate let value: Value
        /// The weight file does not exist.
        public static let notFound = Code(value: .notFound)
        /// The weight file exists but cannot be opened or mapped.
        public static let unreadable = Code(value: .unreadable)
        /// The model needs a tensor the file does not have.
        public static let missing = Code(value: .missing)
        /// The file has a tensor the model neither uses nor declares ignored.
        public static let unused = Code(value: .unused)
        /// A tensor's shape in the file differs from the shape the model expects.
        public static let shapeMismatch = Code(value: .shapeMismatch)
        /// A tensor's element type cannot be converted to what was asked (for example a string tensor as floats).
        public static let dtypeUnsupported = Code(value: .dtypeUnsupported)
        /// The file's structure is inconsistent: a bad magic number, an absurd count or length, a byte count that
        /// does not match dtype × shape, an offset outside the file.
        public static let malformedFile = Code(value: .malformedFile)
        /// The file ends before the structure it describes.
        public static let truncated = Code(value: .truncated)
        /// A valid file using a feature Myna does not read (external ONNX data, zip-based PyTorch checkpoints…).
        public static let unsupportedFeature = Code(value: .unsupportedFeature)
        /// A pickle asked for a global or opcode outside the state-dict subset; nothing was executed.
        public static let refusedPickle = Code(value: .refusedPickle)
        /// The file is some other kind of file (for example a FLAC passed as `model.bin`).
        public static let wrongFormat = Code(value: .wrongFormat)
        public var description: String { value.rawValue }
    }

    public var code: Code
    /// The weight file the error is about (or the model name for errors found while matching tensors).
    public var location: String
    /// The tensor key, when the error is about one tensor.
    public var key: String?
    /// The shape the model expects, for `shapeMismatch` and `missing`.
    public var expectedShape: [Int]?
    /// The shape found in the file, for `shapeMismatch` and `unused`.
    public var actualShape: [Int]?
    /// What went wrong, in words; for shape errors it already names both shapes.
    public var message: String

    public init(_ code: Code, location: String, key: String? = nil, expectedShape: [Int]? = nil,
                actualShape: [Int]? = nil, message: String) {
        self.code = code
        self.location = location
        self.key = key
        self.expectedShape = expectedShape
        self.actualShape = actualShape
        self.message = message
    }

    public var description: String {
        if let key { return "\(location): \(key): \(message)" }
        return "\(location): \(message)"
    }
}
