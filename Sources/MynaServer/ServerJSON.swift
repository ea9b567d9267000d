import Foundation
import Hummingbird

/// The server's one JSON encoding, for bodies and server-sent events alike: slashes unescaped (`"text/vtt"`, not
/// `"text\/vtt"`, as OpenAI sends them), dates in ISO 8601 and keys sorted (the speakers routes, as the CLI's `--json`
/// prints them; sorted keys also make every answer byte-for-byte repeatable, where Linux's encoder otherwise writes
/// keys in hash order).
enum ServerJSON {
    static func encode(_ value: some Encodable) throws -> Data {
        // A new encoder per call: cheap, and no state shared between requests.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }

    /// `value` as an `application/json` response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try encode(value))))
    }
}
