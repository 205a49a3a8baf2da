import CoreMetrics
import Kernel
import Prometheus

/// The Prometheus registry behind `GET /metrics`: made once per process, and made the swift-metrics
/// backend at the same time, so that what the kernel and plugins record (`ServerMetrics`) lands in it.
enum EdgeMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    static func route(host: KernelHost) -> HTTPRoute {
        HTTPRoute(
            "GET", "/metrics",
            summary:
                "Prometheus text format: JSON-RPC requests by method and outcome, latencies, sessions open, outbox backlog, deliveries, inbound SMS, HTTP requests"
        ) { _ in
            let backlog =
                (try? await host.store.read { db in
                    let counts = try Outbox.backlog(practiceId: host.practiceId, in: db)
                    return (counts["pending"] ?? 0) + (counts["inflight"] ?? 0)
                }) ?? 0
            ServerMetrics.gauges(openSessions: host.openSessions, outboxBacklog: backlog)
            return .body(200, contentType: "text/plain; version=0.0.4; charset=utf-8", registry.emitToBuffer())
        }
    }
}
