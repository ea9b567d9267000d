import Foundation

/// Why a request to a Myna server (`myna transcribe --server`) failed, after the retries `RemoteRetryPolicy` allows.
/// Messages name the server by its address without credentials.
public struct RemoteServerError: Error, CustomStringConvertible, LocalizedError, Sendable {
    public enum Code: Sendable, Equatable {
        /// The server refused the request itself (400, 404, 413, 415, 422): the input, the model or a field is wrong.
        /// Retrying cannot help.
        case rejected
        /// 401 or 403: no API key, or the wrong one.
        case unauthorized
        /// No answer: the connection was refused, reset or timed out, for every attempt.
        case unreachable
        /// The server (or the proxy in front of it) kept answering an error status (429, 500, 502, 503, 504).
        case failed
        /// The answer was not what a Myna server sends (not its JSON, a proxy's HTML page, cut short).
        case malformedResponse
    }

    public var code: Code
    /// The server's address (`http://host:port/`), never with a password.
    public var server: String
    /// The HTTP status of the last answer, when there was one.
    public var status: Int?
    /// What went wrong, from the server's error envelope where it sent one.
    public var message: String

    public init(code: Code, server: String, status: Int? = nil, message: String) {
        self.code = code
        self.server = server
        self.status = status
        self.message = message
    }

    public var errorDescription: String? { description }

    public var description: String {
        let status = status.map { " (HTTP \($0))" } ?? ""
        return "\(server): \(message)\(status)"
    }
}
