import Foundation
import Hummingbird

/// Server-sent events as OpenAI streams them: `data: <json>` lines each followed by a blank line, ending with
/// `data: [DONE]` (the `openai` client's SSE decoder stops there).
enum ServerSentEvents {
    static let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]

    static func event(_ value: some Encodable) throws -> ByteBuffer {
        var data = Data("data: ".utf8)
        data += try ServerJSON.encode(value)
        data += Data("\n\n".utf8)
        return ByteBuffer(bytes: data)
    }

    /// An error after the response head went out: `{"type":"error","error":{…}}`.
    static func errorEvent(_ error: OpenAIError) -> ByteBuffer {
        var data = Data("data: {\"type\":\"error\",".utf8)
        // The envelope is `{"error":{…}}`: splice its member into the event object.
        data += error.body.dropFirst()
        data += Data("\n\n".utf8)
        return ByteBuffer(bytes: data)
    }

    static let done = ByteBuffer(string: "data: [DONE]\n\n")
}
