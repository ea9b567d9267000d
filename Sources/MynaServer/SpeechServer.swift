import Foundation
import Hummingbird
import Logging
import MynaKit

/// Myna's OpenAI-compatible speech server: the routes over one `MynaEngine` (DESIGN.md §10: handlers parse, call
/// MynaKit, format; they open no model and decode no audio themselves).
///
/// Thread-safety: immutable apart from the engine gate (an actor); one instance serves every request.
public final class SpeechServer: Sendable {
    public let engine: MynaEngine
    public let limits: ServerLimits
    /// The key every route but `/health` requires, or nil for none.
    public let apiKey: String?
    /// The speaker registry of the `/v1/speakers` routes; nil: they answer 404.
    public let speakers: ServerSpeakers?
    /// The configured default Whisper model (installed name).
    let defaultWhisperModel: String
    let gate: EngineGate
    /// What `GET /metrics` reports.
    let metrics = ServerMetrics()
    /// When the server was made, for the `created` field of `/v1/models`.
    let created: Int

    public init(engine: MynaEngine, limits: ServerLimits = ServerLimits(), apiKey: String? = nil,
                speakers: ServerSpeakers? = nil) {
        self.engine = engine
        self.speakers = speakers
        self.limits = limits
        self.apiKey = apiKey
        defaultWhisperModel = engine.configuration.whisperModel
        gate = EngineGate(maxConcurrent: limits.maxConcurrent, maxQueue: limits.maxQueue)
        created = Int(Date().timeIntervalSince1970)
    }

    /// The router with every route and middleware: the request log outermost (it logs the status the client saw),
    /// then the error envelope, then the API key check.
    public func makeRouter() -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        router.add(middleware: ErrorEnvelopeMiddleware())
        if let apiKey { router.add(middleware: APIKeyMiddleware(key: apiKey)) }
        router.get("health") { _, _ in try ServerJSON.response(HealthStatus(status: "ok")) }
        // Behind the API key like every route but /health: Prometheus sends one (`authorization` in a scrape config),
        // and the counts tell who uses the server how much.
        router.get("metrics") { _, _ in
            let text = await self.metrics.exposition(gate: self.gate)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        addModelRoutes(to: router)
        addTranscriptionRoutes(to: router)
        addSpeechRoutes(to: router)
        addSpeakerRoutes(to: router)
        return router
    }

    /// The application listening on `host`:`port` (port 0: any free port), stopping gracefully on SIGINT/SIGTERM
    /// after the requests in flight (ServiceLifecycle's graceful shutdown).
    public func makeApplication(host: String, port: Int, logger: Logger,
                                onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol {
        Application(router: makeRouter(),
                    configuration: .init(address: .hostname(host, port: port), serverName: "myna"),
                    onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
                    logger: logger)
    }

    /// The installed models now: the models folder listed once (a handler reads this once per request).
    var models: InstalledModels {
        InstalledModels(listing: engine.configuration.modelsDirectory, defaultWhisperModel: defaultWhisperModel)
    }

    /// Runs `body` on the engine under the gate: waits for a slot (429 when the queue is full), always gives it back.
    func onEngine<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await gate.enter()
        do {
            let value = try await body()
            await gate.leave()
            return value
        } catch {
            await gate.leave()
            throw error
        }
    }

    /// The request body, at most `limits.maxUploadBytes` (413 beyond).
    func collectBody(_ request: Request) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limits.maxUploadBytes)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            throw OpenAIError(.contentTooLarge, """
                the request body is larger than \(limits.maxUploadBytes / 1_000_000) MB, the server's limit (--max-upload-mb)
                """, code: "upload_too_large")
        }
    }
}

/// `GET /health`.
struct HealthStatus: Encodable {
    var status: String
}
