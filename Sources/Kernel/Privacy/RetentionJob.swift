package import Foundation
import JSONRPC
import Logging
import Synchronization

/// The retention purge: every module's data past its duration (`RetentionPolicy`) removed in one
/// transaction, with an audit row (`privacy.retention`, actor `retention`) giving the counts.
///
/// `start` runs it in the background once a day on the host's clock (the first run one day after
/// start, so a restart does not purge twice in a row); `privacy.purge` runs it at once. Nodes
/// sharing a database each have the daily run: it takes the practice's retention lock and is
/// skipped when the audit shows a background run less than 90 % of a day ago (another node's).
package final class RetentionJob: Sendable {
    package let policy: RetentionPolicy
    /// Time between two background runs.
    package let interval: TimeInterval
    private let task = Mutex<Task<Void, Never>?>(nil)

    package init(policy: RetentionPolicy, interval: TimeInterval = 86_400) {
        self.policy = policy
        self.interval = interval
    }

    /// Purges now; returns the counts by retention class (zero for classes with nothing to purge).
    @discardableResult
    package func run(host: KernelHost, actor: String = "retention") async throws -> [String: Int] {
        try await run(host: host, actor: actor, unlessRunWithin: nil) ?? [:]
    }

    /// The daily run: purges now, unless another node's daily run is audited less than 90 % of the
    /// interval ago (then nil).
    package func runScheduled(host: KernelHost) async throws -> [String: Int]? {
        try await run(host: host, actor: "retention", unlessRunWithin: interval * 0.9)
    }

    /// Purges now, unless (`skipWindow` given) a background run is audited less than `skipWindow`
    /// seconds ago: then nil.
    private func run(host: KernelHost, actor: String, unlessRunWithin skipWindow: TimeInterval?) async throws -> [String: Int]? {
        let now = host.clock.now()
        let policy = self.policy
        let registry = host.personalData
        return try await host.store.write { db -> [String: Int]? in
            try db.serialize(["retention:" + registry.practiceId])
            if let skipWindow,
                let last = try db.value(
                    Double.self, "SELECT MAX(at) FROM kernel_audit WHERE practiceId = ? AND method = 'privacy.retention' AND actor = 'retention'",
                    [registry.practiceId]),
                now.timeIntervalSince1970 - last < skipWindow
            {
                return nil
            }
            let counts = try registry.purge(policy, now: now, in: db)
            var params = JSONObject()
            for (k, v) in counts.sorted(by: { $0.key < $1.key }) { params[k] = .int(v) }
            try KernelStore.insertAudit(
                at: now, session: 0, actor: actor, role: .admin, method: "privacy.retention",
                paramsText: JSONWriter.string(.object(params)), practiceId: registry.practiceId, in: db)
            return counts
        }
    }

    /// Starts the daily background run.
    package func start(host: KernelHost) {
        let worker = Task { [self] in
            var next = host.clock.now().addingTimeInterval(interval)
            while !Task.isCancelled {
                do {
                    try await host.clock.sleep(until: next)
                } catch { return }
                do {
                    let counts = try await runScheduled(host: host) ?? [:]
                    let total = counts.values.reduce(0, +)
                    if total > 0 { host.logger.info("retention purge: \(counts.filter { $0.value > 0 }.sorted { $0.key < $1.key })") }
                } catch {
                    if Task.isCancelled { return }
                    host.logger.error("retention purge failed: \(error)")
                }
                next = host.clock.now().addingTimeInterval(interval)
            }
        }
        task.withLock { $0 = worker }
    }

    package func stop() async {
        let worker = task.withLock { t -> Task<Void, Never>? in
            defer { t = nil }
            return t
        }
        worker?.cancel()
        await worker?.value
    }
}
