import Foundation
import Kernel
import Logging

/// The outbox delivery worker: delivers due rows at least once, several in parallel.
///
/// Promises:
/// - at start, rows this node (`Store.node`) left in flight by a crash or a stop go back to pending;
///   rows other nodes hold wait for their lease (`notify.leaseSeconds`) to run out, and are then due
///   again for any node;
/// - a pass claims due rows (pending, `nextAttemptAt <= now`), urgent first, marks them in flight under
///   this node's lease and delivers up to `concurrency` at a time; webhooks to `*` are fanned out first;
///   nodes sharing a database claim different rows;
/// - between passes it waits for the earliest `nextAttemptAt` (or lease end) on the host's clock, or for
///   an enqueue (the host's `outboxSignal`), whichever comes first — so a `ManualClock` drives retries in
///   tests; on a database other nodes write (a server), it also looks again every `Store.lookAgainSeconds`;
/// - HTTP runs on the client's threads, never blocking Swift's cooperative pool.
package actor DeliveryWorker {
    let host: KernelHost
    let courier: OutboxCourier
    let concurrency: Int
    /// How long a claimed row is this node's before another may take it back.
    let lease: TimeInterval
    /// The host's outbox signal: fired by every commit that enqueued, and by `poke`, `settle` and `stop`.
    private let wake: WakeSignal
    private var loop: Task<Void, Never>?
    private var stopping = false
    private var passesStarted = 0
    private var passesCompleted = 0
    private var settleWaiters: [(pass: Int, continuation: CheckedContinuation<Void, Never>)] = []

    init(host: KernelHost, courier: OutboxCourier, concurrency: Int, lease: TimeInterval = TimeInterval(NotifyConfiguration.defaultLeaseSeconds)) {
        self.host = host
        self.lease = lease
        wake = host.outboxSignal
        self.courier = courier
        self.concurrency = concurrency
    }

    /// Recovers this node's in-flight rows and starts delivering.
    func start() async throws {
        let now = host.clock.now()
        let practiceId = host.practiceId
        let node = host.store.node
        // Reads first: a start writes only when a delivery was cut short, and so does not queue
        // behind other practices' writes.
        let (disabled, cutShort) = try await host.store.read { db in
            (
                try OutboxStore.disabledEndpoints(db, practiceId: practiceId).mapValues(\.reason),
                try OutboxStore.hasInflight(db, practiceId: practiceId, node: node)
            )
        }
        if cutShort { _ = try await host.store.write { db in try OutboxStore.recoverInflight(db, practiceId: practiceId, node: node, now: now) } }
        courier.endpoints.load(disabled)
        loop = Task { await self.run() }
    }

    /// Stops claiming work, lets the deliveries in progress finish and be recorded (each is bounded
    /// by the HTTP client's timeout), and puts rows claimed but not started back to pending.
    func stop() async {
        stopping = true
        wake.fire()
        await loop?.value
        loop = nil
        let now = host.clock.now()
        let practiceId = host.practiceId
        let node = host.store.node
        _ = try? await host.store.write { db in try OutboxStore.recoverInflight(db, practiceId: practiceId, node: node, now: now) }
        for w in settleWaiters { w.continuation.resume() }
        settleWaiters = []
    }

    /// Wakes the worker now (after `notify.retry`, or when the clock was moved).
    package nonisolated func poke() { wake.fire() }

    /// Returns once a full pass that started after this call has found nothing more due now:
    /// every row due at the clock's current time has been attempted and recorded. For tests and
    /// the benchmark, which move a `ManualClock` and then wait for the consequences.
    package func settle() async {
        guard loop != nil else { return }
        let target = passesStarted + 1
        wake.fire()
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            settleWaiters.append((target, c))
        }
    }

    private func run() async {
        while !Task.isCancelled, !stopping {
            passesStarted += 1
            let pass = passesStarted
            var next: Date?
            do {
                next = try await drain()
            } catch {
                if Task.isCancelled { break }
                host.logger.error("notify: delivery pass failed: \(error)")
                next = host.clock.now().addingTimeInterval(1)
            }
            passesCompleted = pass
            let ready = settleWaiters.filter { $0.pass <= pass }
            settleWaiters.removeAll { $0.pass <= pass }
            for w in ready { w.continuation.resume() }
            if Task.isCancelled || stopping { break }
            await waitForWork(until: next)
        }
    }

    /// Delivers everything of the host's practice due now; returns the next instant something will be due.
    private func drain() async throws -> Date? {
        let host = self.host
        let practiceId = host.practiceId
        let courier = self.courier
        let limit = concurrency
        let node = host.store.node
        let lease = self.lease
        try await withThrowingTaskGroup(of: Void.self) { group in
            var queue: [OutboxMessage] = []
            var running = 0
            while !Task.isCancelled {
                if stopping { queue = [] }
                if queue.isEmpty, running < limit, !stopping {
                    let now = host.clock.now()
                    let endpoints = courier.configuration.webhooks
                    let disabled = courier.endpoints.disabledIDs
                    let batch = max(limit - running, limit / 2)
                    queue = try await host.store.write { db in
                        try OutboxStore.claimDue(
                            db, practiceId: practiceId, now: now, limit: batch, endpoints: endpoints, disabled: disabled, node: node,
                            leaseUntil: now.addingTimeInterval(lease))
                    }
                }
                while running < limit, !queue.isEmpty {
                    let message = queue.removeFirst()
                    group.addTask { await courier.deliver(message) }
                    running += 1
                }
                if running == 0 { break }
                try await group.next()
                running -= 1
            }
        }
        return try await host.store.read { db in try OutboxStore.nextDue(db, practiceId: practiceId) }
    }

    private func waitForWork(until next: Date?) async {
        await wake.wait(until: host.store.wakeTime(next: next, now: host.clock.now()), on: host.clock)
    }
}
