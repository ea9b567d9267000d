import Prometheus

/// What `GET /metrics` exposes, in Prometheus' text format (swift-prometheus, one registry per server so that servers
/// in one process, as in tests, count apart):
///
///     myna_http_requests_total{route,method,status}            requests answered
///     myna_http_request_duration_seconds{route,method}           histogram, to the last byte of the body
///     myna_audio_seconds_total{route}                            seconds of audio transcribed, synthesised or embedded
///     myna_engine_requests_running / myna_engine_requests_waiting   the engine gate now (read at each scrape)
///
/// `route` is the matched route pattern (`/v1/speakers/{name}`), or `NotFound` (Hummingbird's name when no route
/// matched), so a client cannot grow the label set.
///
/// Thread-safety: safe to share; the registry and its metrics are.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let running: Gauge
    private let waiting: Gauge

    /// Latency buckets from a health check (milliseconds) to a long file on the engine (minutes).
    static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        .seconds(30), .seconds(60), .seconds(120), .seconds(300),
    ]

    // Computed: swift-prometheus' descriptor is not Sendable, so it cannot be a stored static.
    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "myna", metricName: "http_requests", unitName: "total",
                             helpText: "HTTP requests answered, by route, method and status.")
    }
    private static var duration: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "myna", metricName: "http_request_duration", unitName: "seconds",
                             helpText: "Time from the request to the last byte of the response, by route and method.")
    }
    private static var audio: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "myna", metricName: "audio_seconds", unitName: "total",
                             helpText: "Seconds of audio transcribed, synthesised or embedded, by route.")
    }

    init() {
        running = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "myna", metricName: "engine_requests_running", unitName: "",
            helpText: "Requests running on the engine now (at most --max-concurrent)."))
        waiting = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "myna", metricName: "engine_requests_waiting", unitName: "",
            helpText: "Requests waiting for the engine now (at most --max-queue)."))
    }

    /// Counts one finished request.
    func record(route: String, method: String, status: Int, duration: Duration, audioSeconds: Double?) {
        registry.makeCounter(descriptor: Self.requests,
                             labels: [("route", route), ("method", method), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: Self.duration, labels: [("route", route), ("method", method)],
                                       buckets: Self.latencyBuckets).record(duration)
        if let audioSeconds {
            registry.makeCounter(descriptor: Self.audio, labels: [("route", route)]).increment(by: audioSeconds)
        }
    }

    /// The exposition, with the gate's load as it is now.
    func exposition(gate: EngineGate) async -> String {
        let load = await gate.load
        running.set(Double(load.running))
        waiting.set(Double(load.waiting))
        return registry.emitToString()
    }
}
