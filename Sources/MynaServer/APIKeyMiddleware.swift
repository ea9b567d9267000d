import Hummingbird

/// With an API key set (`--api-key` or `$MYNA_API_KEY`), every route but `/health` needs `Authorization: Bearer KEY`;
/// anything else is a 401 in OpenAI's envelope (the `openai` client sends the key this way).
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let key: String
    /// Paths open without the key (a load balancer's health check has no key).
    static let openPaths: Set<String> = ["/health"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw OpenAIError(.unauthorized, "missing API key: send the header 'Authorization: Bearer <key>'",
                              code: "missing_api_key")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", Self.equalInConstantTime(String(parts[1]), key) else {
            throw OpenAIError(.unauthorized, "incorrect API key", code: "invalid_api_key")
        }
        return try await next(request, context)
    }

    /// Compares without stopping at the first difference, so the time taken does not tell how much of a guess was right.
    static func equalInConstantTime(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
