import Foundation
import Kernel

/// The routes of the operator's monitoring: liveness, readiness, metrics.
enum OperationsRoutes {
    static func routes(host: KernelHost, settings: HTTPEdgeSettings) -> [HTTPRoute] {
        [
            HTTPRoute("GET", "/livez", summary: "200 while the process serves requests") { _ in
                .text(200, "ok\n")
            },
            HTTPRoute(
                "GET", "/readyz",
                summary:
                    "200 when the database takes writes, the configuration is loaded and the outbox backlog is under the limit; 503 with the reasons otherwise"
            ) { _ in
                let readiness = await Readiness.check(host, maximumOutboxBacklog: settings.maxOutboxBacklog)
                let body = try host.encoder.encode(readiness)
                return .body(readiness.ready ? 200 : 503, contentType: "application/json", Array(body))
            },
            EdgeMetrics.route(host: host)
        ]
    }
}
