import CoreMetrics
import Foundation

/// The figures an operator's monitoring reads (`GET /metrics` on the HTTP edge), recorded through
/// swift-metrics: nothing is kept unless the process bootstrapped a metrics backend, so recording
/// costs next to nothing without one. Labels are bounded: method names are only registered ones,
/// outcomes a few words or error codes.
package enum ServerMetrics {
    /// One JSON-RPC call: `outcome` is `ok` or the error code; its duration goes to a histogram.
    package static func rpc(method: String, outcome: String, duration: Duration?) {
        Counter(label: "permanence_rpc_requests_total", dimensions: [("method", method), ("outcome", outcome)]).increment()
        if let duration {
            Timer(label: "permanence_rpc_duration_seconds", dimensions: [("method", method)]).recordNanoseconds(duration.nanoseconds)
        }
    }

    /// One delivery attempt's result for a channel (`sms`, `webhook`): `delivered`, `retry`, `dead`.
    package static func delivery(channel: String, outcome: String) {
        Counter(label: "permanence_deliveries_total", dimensions: [("channel", channel), ("outcome", outcome)]).increment()
    }

    /// One inbound SMS by how it came (`rpc`, `twilio`, a gateway id) and what became of it
    /// (`handled`, `inbox`, `duplicate`, `refused`, `invalid`).
    package static func inboundSMS(via: String, result: String) {
        Counter(label: "permanence_inbound_sms_total", dimensions: [("via", via), ("result", result)]).increment()
    }

    /// One HTTP request answered by the edge: the route's pattern (or `unmatched`) and the status.
    package static func http(route: String, method: String, status: Int, duration: Duration) {
        Counter(label: "permanence_http_requests_total", dimensions: [("route", route), ("method", method), ("status", String(status))]).increment()
        Timer(label: "permanence_http_duration_seconds", dimensions: [("route", route)]).recordNanoseconds(duration.nanoseconds)
    }

    /// Values read when scraped: open sessions and the outbox backlog.
    package static func gauges(openSessions: Int, outboxBacklog: Int) {
        Gauge(label: "permanence_sessions_open").record(openSessions)
        Gauge(label: "permanence_outbox_backlog").record(outboxBacklog)
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (s, atto) = components
        let (ns, overflow) = s.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : ns + atto / 1_000_000_000
    }
}
