import Foundation
import Hummingbird

/// An error as the OpenAI API answers it: a status and the envelope `{"error":{"message","type","param","code"}}`
/// (the `openai` client raises `BadRequestError`, `AuthenticationError`, `NotFoundError`, `RateLimitError`… from the
/// status and reads `message` from the body). Every error the server sends is one of these: never HTML, never a
/// stack trace.
public struct OpenAIError: Error, HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    /// For the reader: what was wrong and how to fix it.
    public var message: String
    /// OpenAI's error type: `invalid_request_error`, `authentication_error`, `rate_limit_error`, `server_error`.
    public var type: String
    /// The request parameter at fault (`file`, `model`, `voice`…), when there is one.
    public var param: String?
    /// A machine-readable code (`model_not_found`, `invalid_api_key`, `queue_full`…), when there is one.
    public var code: String?
    /// Seconds after which a 429 may be retried (`Retry-After`).
    public var retryAfterSeconds: Int?

    public init(_ status: HTTPResponse.Status, _ message: String, type: String? = nil, param: String? = nil,
                code: String? = nil, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.message = message
        self.type = type ?? Self.defaultType(for: status)
        self.param = param
        self.code = code
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// 400: a parameter that is missing or wrong.
    static func invalid(_ param: String?, _ message: String, code: String? = nil) -> OpenAIError {
        OpenAIError(.badRequest, message, param: param, code: code)
    }

    /// 404: a model, voice or speaker that is not installed.
    static func notFound(_ param: String, _ message: String, code: String) -> OpenAIError {
        OpenAIError(.notFound, message, param: param, code: code)
    }

    private static func defaultType(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 401: "authentication_error"
        case 429: "rate_limit_error"
        case 500...: "server_error"
        default: "invalid_request_error"
        }
    }

    /// The envelope's JSON (keys as on the wire; `param` and `code` are `null` when absent, as OpenAI sends them).
    var body: Data {
        let object: [String: Any] = ["error": [
            "message": message, "type": type, "param": param ?? NSNull(), "code": code ?? NSNull(),
        ] as [String: Any]]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
