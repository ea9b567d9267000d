import Hummingbird
import Synchronization

/// The request context of every route: Hummingbird's core storage plus what the request log reports at the end.
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Seconds of audio the request brought or produced, filled in by the handler.
    public let usage = RequestUsage()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

/// What one request used, written by its handler (also from a streamed body's writer) and read by the request log.
///
/// Thread-safety: safe to share (a mutex).
public final class RequestUsage: Sendable {
    private let seconds = Mutex<Double?>(nil)

    /// Seconds of audio transcribed or synthesised; nil when the request had none.
    public var audioSeconds: Double? { seconds.withLock { $0 } }

    public func addAudio(seconds value: Double) {
        seconds.withLock { $0 = ($0 ?? 0) + value }
    }
}
