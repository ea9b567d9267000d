import Foundation
import Hummingbird
import Logging

/// One log line per request: method, path, status, milliseconds and seconds of audio (`-` when the request had
/// none), and the same request counted in `ServerMetrics`. A streamed body (speech, server-sent events) is logged when
/// its last byte is written, so its time and audio are the whole request's. Sits outside `ErrorEnvelopeMiddleware`,
/// so errors are logged and counted with the status the client saw.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let line = RequestLogLine(method: request.method.rawValue, path: request.uri.path, status: response.status.code,
                                  route: context.endpointPath ?? "unmatched", start: start, usage: context.usage,
                                  logger: context.logger, metrics: metrics)
        if response.body.contentLength == nil {
            let body = response.body
            response.body = ResponseBody { writer in
                do {
                    try await body.write(writer)
                    line.write(note: nil)
                } catch {
                    line.write(note: "body ended early: \(error)")
                    throw error
                }
            }
        } else {
            line.write(note: nil)
        }
        return response
    }
}

/// What the log line of one request says.
struct RequestLogLine: Sendable {
    var method: String
    var path: String
    var status: Int
    /// The matched route pattern, for the metrics' labels.
    var route: String
    var start: ContinuousClock.Instant
    var usage: RequestUsage
    var logger: Logger
    var metrics: ServerMetrics

    func write(note: String?) {
        let elapsed = ContinuousClock.now - start
        metrics.record(route: route, method: method, status: status, duration: elapsed, audioSeconds: usage.audioSeconds)
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let audio = usage.audioSeconds.map { String(format: "%.2f", $0) } ?? "-"
        let suffix = note.map { " (\($0))" } ?? ""
        logger.info("\(method) \(path) \(status) \(String(format: "%.1f", milliseconds)) ms audio \(audio) s\(suffix)")
    }
}
