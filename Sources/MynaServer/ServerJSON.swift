import Foundation
import Hummingbird

/// The server's one JSON encoding, for bodies and server-sent events alike: slashes unescaped (`"text/vtt"`, not
/// `"text\/vtt"`, as OpenAI sends them) and dates in ISO 8601 (the speakers routes, as the CLI's `--json` prints them).
enum ServerJSON {
    static func encode(_ value: some Encodable) throws -> Data {
        // A new encoder per call: cheap, and no state shared between requests.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }

    /// `value` as an `application/json` response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try encode(value))))
    }
}
