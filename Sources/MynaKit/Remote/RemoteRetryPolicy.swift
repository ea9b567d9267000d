/// When a failed request to a Myna server is sent again, and after how long: connection failures, 502, 503 and 504
/// (a replica going away behind a proxy), 429 (the server's queue is full; its `Retry-After` is honoured) and 500 are
/// retried with exponential backoff; the server's refusals of the request itself (400, 401, 404, 413…) are not.
///
/// A pure function of the attempt and its outcome, so that tests drive it with a virtual clock.
public struct RemoteRetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first one included.
    public var maxAttempts: Int
    /// Seconds before the second attempt; each further wait doubles, up to `maxDelaySeconds`.
    public var baseDelaySeconds: Double
    public var maxDelaySeconds: Double

    public static let `default` = RemoteRetryPolicy(maxAttempts: 8, baseDelaySeconds: 0.5, maxDelaySeconds: 16)

    public init(maxAttempts: Int, baseDelaySeconds: Double, maxDelaySeconds: Double) {
        self.maxAttempts = maxAttempts
        self.baseDelaySeconds = baseDelaySeconds
        self.maxDelaySeconds = maxDelaySeconds
    }

    /// What an attempt ended with.
    public enum Outcome: Sendable, Equatable {
        /// No HTTP answer (refused, reset, timed out).
        case connectionFailed
        /// An HTTP status other than 200, with the `Retry-After` seconds it carried, if any.
        case status(Int, retryAfterSeconds: Double?)
    }

    /// Whether a status is worth another attempt: the server or a proxy failed, not the request.
    public static func isTransient(status: Int) -> Bool {
        [429, 500, 502, 503, 504].contains(status)
    }

    /// Seconds to wait before sending again after `attempt` (1-based) ended with `outcome`, or nil to give up.
    /// A `Retry-After` longer than the backoff is waited in full (capped at `maxDelaySeconds`).
    public func delay(after attempt: Int, outcome: Outcome) -> Double? {
        guard attempt < maxAttempts else { return nil }
        let backoff = min(maxDelaySeconds, baseDelaySeconds * Double(1 << min(attempt - 1, 30)))
        switch outcome {
        case .connectionFailed:
            return backoff
        case .status(let status, let retryAfter):
            guard Self.isTransient(status: status) else { return nil }
            return min(maxDelaySeconds, max(backoff, retryAfter ?? 0))
        }
    }
}
