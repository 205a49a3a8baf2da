import Foundation
import JSONRPC

/// Whether this server can do its work now, for `GET /readyz`: the database takes a write, the
/// configuration is loaded, and the outbox is not piling up (notifications would go out late).
package struct Readiness: Sendable, Encodable {
    package let ready: Bool
    /// Why not, one line per failed check; empty when ready.
    package let reasons: [String]
    /// The host's practice's outbox rows waiting or in flight (what its delivery worker owes).
    package let outboxBacklog: Int

    /// Runs the checks; `maximumOutboxBacklog` is the most pending + in-flight rows still ready.
    package static func check(_ host: KernelHost, maximumOutboxBacklog: Int) async -> Readiness {
        var reasons: [String] = []
        var backlog = 0
        if host.configuration.root.isNull { reasons.append("configuration not loaded") }
        do {
            // A write transaction that takes the write lock: fails on a read-only or full disk, a locked file.
            backlog = try await host.store.write { db in
                try KernelStore.probeWrite(in: db)
                let counts = try Outbox.backlog(practiceId: host.practiceId, in: db)
                return (counts["pending"] ?? 0) + (counts["inflight"] ?? 0)
            }
            if host.store.sqlite != nil, host.store.path != ":memory:", access(host.store.path, W_OK) != 0 {
                reasons.append("database file not writable")
            }
        } catch {
            reasons.append("database not writable: \(error)")
        }
        if backlog > maximumOutboxBacklog {
            reasons.append("outbox backlog \(backlog) over \(maximumOutboxBacklog)")
        }
        return Readiness(ready: reasons.isEmpty, reasons: reasons, outboxBacklog: backlog)
    }
}
