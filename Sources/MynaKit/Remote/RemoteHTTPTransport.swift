import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One request to a server: a POST as `MynaServerClient` sends it, or another method (GET, DELETE) for the
/// speaker routes.
public struct RemoteHTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(method: String = "POST", url: URL, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// One answer of an HTTP server, as `MynaServerClient` reads it.
public struct RemoteHTTPResponse: Sendable {
    public var status: Int
    /// `Retry-After` in seconds (the delta-seconds form; an HTTP date is ignored), when sent.
    public var retryAfterSeconds: Double?
    public var contentType: String?
    public var body: Data

    public init(status: Int, retryAfterSeconds: Double? = nil, contentType: String? = nil, body: Data) {
        self.status = status
        self.retryAfterSeconds = retryAfterSeconds
        self.contentType = contentType
        self.body = body
    }
}

/// No HTTP answer came: the connection was refused, reset, or timed out, or the answer was cut short.
public struct RemoteConnectionFailure: Error, Sendable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

/// Sends one request and returns the server's answer (any status), or throws `RemoteConnectionFailure`.
/// `HTTPClientTransport` is the real one; tests give the client a scripted one.
public protocol RemoteHTTPTransport: Sendable {
    func send(_ request: RemoteHTTPRequest) async throws -> RemoteHTTPResponse
}

/// `RemoteHTTPTransport` over swift-server's AsyncHTTPClient (SwiftNIO; Foundation's URLSession on Linux keeps about
/// half a core busy while it waits for an answer, which a client beside the server it waits for cannot afford).
public final class HTTPClientTransport: RemoteHTTPTransport {
    private let client: HTTPClient
    private let timeout: TimeAmount
    /// Largest answer read: a transcript of hours of speech with word times is a few MB.
    private let maxResponseBytes = 256 << 20

    /// - Parameters:
    ///   - connections: requests in flight to one host at once (the client's parallelism).
    ///   - timeoutSeconds: how long a request may take: a long file is transcribed before its answer starts.
    public init(connections: Int, timeoutSeconds: Int64 = 3600) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, connections)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(timeoutSeconds))
        // A refused connection is one failed attempt, reported at once: MynaServerClient's policy decides when to
        // try again (the pool would otherwise keep reconnecting until the connect timeout, silently).
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        timeout = .seconds(timeoutSeconds)
    }

    deinit {
        // Closes the pooled connections; nothing waits for it (the singleton event loops outlive the client).
        client.shutdown { _ in }
    }

    public func send(_ request: RemoteHTTPRequest) async throws -> RemoteHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if !request.body.isEmpty || request.method == "POST" { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
            let body = try await response.body.collect(upTo: maxResponseBytes)
            let retryAfter = response.headers.first(name: "Retry-After")
                .flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            return RemoteHTTPResponse(status: Int(response.status.code), retryAfterSeconds: retryAfter,
                                      contentType: response.headers.first(name: "Content-Type"), body: Data(body.readableBytesView))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw RemoteConnectionFailure(reason: Self.describe(error))
        }
    }

    /// A connection error in a user's words (NIO's errors print as type names).
    private static func describe(_ error: Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .remoteConnectionClosed: return "the server closed the connection before answering"
            case .connectTimeout: return "no connection within 10 s"
            case .readTimeout, .deadlineExceeded: return "no answer in time"
            default: return "HTTP error (\(error))"
            }
        }
        let text = String(describing: error)
        if text.localizedCaseInsensitiveContains("connection refused") || text.contains("ECONNREFUSED") {
            return "connection refused"
        }
        if text.localizedCaseInsensitiveContains("reset") { return "connection reset" }
        return "connection failed (\(text))"
    }
}
