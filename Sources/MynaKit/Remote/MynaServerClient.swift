import Foundation
import MultipartKit
import MynaAudioFile
import MynaCore
import MynaRecognition

/// A Myna server, or a load balancer in front of several (deploy/), reached over HTTP: what
/// `myna transcribe --server` sends its files to. Failed attempts are sent again as `RemoteRetryPolicy` says, so a
/// replica that goes away mid-batch costs a retry, not a file.
///
/// Stateless and `Sendable`: any number of requests may run at once.
public struct MynaServerClient: Sendable {
    /// The server's address, always ending in `/` (routes are resolved against it, so a path prefix is kept).
    public let baseURL: URL
    /// The address as messages name it: without user or password.
    public let displayName: String
    public let apiKey: String?
    public let retryPolicy: RemoteRetryPolicy
    private let transport: any RemoteHTTPTransport
    /// Waits between attempts; tests pass a virtual clock.
    private let sleep: @Sendable (Double) async throws -> Void

    /// Something that happened on the way, for the caller to report: a retry and why.
    public struct Retry: Sendable {
        /// The attempt that failed (1-based) and the attempts allowed.
        public var attempt: Int
        public var maxAttempts: Int
        public var delaySeconds: Double
        /// What went wrong: the status and the server's message, or the connection failure.
        public var reason: String
    }

    /// - Parameter server: `http://host:port` or `https://…`, optionally with a path prefix (`http://proxy/myna/`).
    /// - Throws: `ConfigurationError` (field `--server`) for anything else.
    public init(server: String, apiKey: String? = nil, retryPolicy: RemoteRetryPolicy = .default,
                transport: any RemoteHTTPTransport,
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }) throws {
        guard var components = URLComponents(string: server), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            throw ConfigurationError(field: "--server", message: "'\(Self.redacted(server))' is not a server address: use http://HOST:PORT (for example http://127.0.0.1:8000)")
        }
        if !components.path.hasSuffix("/") { components.path += "/" }
        components.query = nil
        components.fragment = nil
        guard let url = components.url else {
            throw ConfigurationError(field: "--server", message: "'\(Self.redacted(server))' is not a server address")
        }
        components.user = nil
        components.password = nil
        baseURL = url
        displayName = components.string ?? host
        self.apiKey = apiKey
        self.retryPolicy = retryPolicy
        self.transport = transport
        self.sleep = sleep
    }

    /// Transcribes `audio` (any format the server's libsndfile reads) on the server and returns the transcript as a
    /// local run would have it. `onRetry` hears of each failed attempt that is sent again.
    /// - Throws: `RemoteServerError` when the server refuses the request, or when every attempt failed.
    public func transcribe(_ audio: Data, fileName: String, request: RemoteTranscriptionRequest,
                           onRetry: @Sendable (Retry) -> Void = { _ in }) async throws -> Transcript {
        let fields = request.fields
        let response = try await send(path: request.path, onRetry: onRetry) {
            try Self.formData(fields: fields, file: audio, fileName: fileName)
        }
        do {
            return try JSONTranscriptReader.transcript(from: response.body)
        } catch {
            throw RemoteServerError(code: .malformedResponse, server: displayName, status: response.status, message: """
                the answer is not a Myna transcript (\(response.contentType ?? "no content type"), \
                \(response.body.count) bytes): is this a Myna server?
                """)
        }
    }

    /// `transcribe` of the audio file at `path` (read whole: the server takes it in one request), named `name` in
    /// the request and in errors.
    /// - Throws: `AudioIOError` for a missing, unreadable or empty file (nothing is sent); what `transcribe` throws.
    public func transcribe(file path: String, name: String, request: RemoteTranscriptionRequest,
                           onRetry: @Sendable (Retry) -> Void = { _ in }) async throws -> Transcript {
        try InputFileCheck.validate(path: path)
        let audio: Data
        do {
            audio = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw AudioIOError(.unreadable, location: path, message: "cannot be read (\(error.localizedDescription))")
        }
        return try await transcribe(audio, fileName: name, request: request, onRetry: onRetry)
    }

    /// Sends a POST with a multipart body until it succeeds (200) or the policy gives up.
    private func send(path: String, onRetry: @Sendable (Retry) -> Void,
                      body: () throws -> (contentType: String, data: Data)) async throws -> RemoteHTTPResponse {
        let (contentType, data) = try body()
        var headers: [(name: String, value: String)] = [("Content-Type", contentType), ("Accept", "application/json")]
        if let apiKey { headers.append(("Authorization", "Bearer \(apiKey)")) }
        let request = RemoteHTTPRequest(url: baseURL.appendingPathComponent(path), headers: headers, body: data)
        var attempt = 1
        while true {
            try Task.checkCancellation()
            let outcome: RemoteRetryPolicy.Outcome
            let failure: RemoteServerError
            do {
                let response = try await transport.send(request)
                if response.status == 200 { return response }
                failure = error(for: response)
                outcome = .status(response.status, retryAfterSeconds: response.retryAfterSeconds)
            } catch let connection as RemoteConnectionFailure {
                failure = RemoteServerError(code: .unreachable, server: displayName, message: connection.reason)
                outcome = .connectionFailed
            }
            guard failure.code != .rejected, failure.code != .unauthorized,
                  let delay = retryPolicy.delay(after: attempt, outcome: outcome) else {
                if failure.code == .unreachable || failure.code == .failed, attempt > 1 {
                    var last = failure
                    last.message += " (after \(attempt) attempts)"
                    throw last
                }
                throw failure
            }
            onRetry(Retry(attempt: attempt, maxAttempts: retryPolicy.maxAttempts, delaySeconds: delay,
                          reason: failure.status.map { "HTTP \($0): \(failure.message)" } ?? failure.message))
            try await sleep(delay)
            attempt += 1
        }
    }

    /// The error an answer other than 200 stands for, with the message of the server's OpenAI error envelope when it
    /// sent one (a proxy's own error page is named by its status only).
    private func error(for response: RemoteHTTPResponse) -> RemoteServerError {
        let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: response.body)
        let code: RemoteServerError.Code = switch response.status {
        case 401, 403: .unauthorized
        case _ where RemoteRetryPolicy.isTransient(status: response.status): .failed
        case 400..<500: .rejected
        default: .failed
        }
        let message = envelope?.error.message ?? (RemoteRetryPolicy.isTransient(status: response.status)
            ? "the server or the proxy in front of it failed"
            : "the server answered \(response.contentType ?? "without a content type")")
        return RemoteServerError(code: code, server: displayName, status: response.status, message: message)
    }

    /// OpenAI's error envelope, as Myna's server sends it.
    private struct ErrorEnvelope: Decodable {
        struct Body: Decodable { var message: String }
        var error: Body
    }

    /// `multipart/form-data` with the text fields, then the file (MultipartKit writes the body).
    static func formData(fields: [(name: String, value: String)], file: Data,
                         fileName: String) throws -> (contentType: String, data: Data) {
        let boundary = "myna-\(UUID().uuidString)"
        var parts = fields.map { field in
            MultipartPart(headers: ["Content-Disposition": "form-data; name=\"\(field.name)\""], body: field.value)
        }
        parts.append(MultipartPart(headers: ["Content-Disposition": "form-data; name=\"file\"; filename=\"\(Self.headerSafe(fileName))\"",
                                             "Content-Type": "application/octet-stream"], body: file))
        var buffer = ByteBuffer()
        try MultipartSerializer().serialize(parts: parts, boundary: boundary, into: &buffer)
        return ("multipart/form-data; boundary=\(boundary)", Data(buffer.readableBytesView))
    }

    /// A file name as a quoted header parameter can carry it (quotes, backslashes and control characters become `_`;
    /// the server uses the name in messages only).
    private static func headerSafe(_ name: String) -> String {
        String(name.unicodeScalars.map { $0 == "\"" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F ? "_" : Character($0) })
    }

    /// `server` without a password, for messages.
    static func redacted(_ server: String) -> String {
        guard var components = URLComponents(string: server), components.password != nil else { return server }
        components.password = "***"
        return components.string ?? server
    }
}
