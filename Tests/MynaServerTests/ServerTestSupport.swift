import Foundation
import Hummingbird
import HummingbirdTesting
import MynaKit
@testable import MynaServer
import MynaTestSupport

/// One engine for every suite of this bundle (models load once), and helpers that build requests as the `openai`
/// client sends them.
enum ServerTestSupport {
    static let engine: MynaEngine = {
        let models = ModelsDirectory(url: Fixtures.models, source: .option)
        return try! MynaEngine(configuration: .init(modelsDirectory: models))
    }()

    static func server(limits: ServerLimits = ServerLimits(), apiKey: String? = nil) -> SpeechServer {
        SpeechServer(engine: engine, limits: limits, apiKey: apiKey)
    }

    /// Runs `test` against `server`'s router in process (no socket).
    static func withClient<Value: Sendable>(_ server: SpeechServer = server(),
                                            _ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let application = Application(router: server.makeRouter())
        return try await application.test(.router) { client in try await test(client) }
    }

    static let boundary = "----myna-test-boundary-7MA4YWxkTrZu0gW"

    /// A multipart/form-data body: text fields in order (repeat a name for arrays), then the file.
    static func multipart(fields: [(String, String)], file: Data?, fileName: String = "audio.flac") -> (HTTPFields, ByteBuffer) {
        multipart(fields: fields, files: file.map { [(fileName, $0)] } ?? [])
    }

    /// A multipart/form-data body: text fields in order, then each file as a part named `file`.
    static func multipart(fields: [(String, String)], files: [(name: String, data: Data)]) -> (HTTPFields, ByteBuffer) {
        var body = Data()
        for (name, value) in fields {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (fileName, data) in files {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += data
            body += Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(bytes: body))
    }

    static func sampleBytes(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: Fixtures.sample(name)))
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] ?? [:]
    }

    static func jsonBody(_ object: [String: Any]) throws -> (HTTPFields, ByteBuffer) {
        ([.contentType: "application/json"], ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object)))
    }

    /// The `error` object of an OpenAI envelope, or nil when the body is not one.
    static func envelope(_ buffer: ByteBuffer) -> [String: Any]? {
        guard let object = try? json(buffer), object.count == 1, let error = object["error"] as? [String: Any],
              error["message"] is String, error["type"] is String, error.keys.contains("param"), error.keys.contains("code")
        else { return nil }
        return error
    }

    /// The `data:` payloads of a server-sent event stream, in order.
    static func events(_ buffer: ByteBuffer) -> [String] {
        String(buffer: buffer).components(separatedBy: "\n\n").filter { !$0.isEmpty }.map {
            $0.hasPrefix("data: ") ? String($0.dropFirst(6)) : "NOT AN EVENT: \($0)"
        }
    }
}
