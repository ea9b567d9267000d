import Hummingbird
import Logging

/// Turns every error a route or Hummingbird throws into OpenAI's envelope with its status (`OpenAIError.from`), so a
/// client never sees an HTML page or a stack trace. A 500 is a bug: its error goes to the log, not to the client.
struct ErrorEnvelopeMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let envelope = OpenAIError.from(error)
            if envelope.status == .internalServerError {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
            }
            return try envelope.response(from: request, context: context)
        }
    }
}
