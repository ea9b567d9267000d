/// How the signal is extended past its ends before it is cut into frames.
public enum PadMode: String, Sendable, Hashable, Codable {
    /// Mirror without repeating the edge sample: `… x[2] x[1] | x[0] x[1] x[2] …` (numpy and torch `reflect`).
    case reflect
    /// Zeros.
    case constant
}
