import Foundation
import Kernel
import Logging
import Synchronization

/// The background worker that sends reminders when they are due, moves expired offers on to the
/// next waiting patient, and offers reserved blocks' slots to the waiting list when they are
/// released (`BlockReleases`; from the worker's start on: a release while the server was down is
/// not offered afterwards).
///
/// Driven by `host.clock` (a `ManualClock` in tests, `kernel.clock.set` end to end): it sleeps
/// until the earliest planned reminder or offer expiry, or until a booking or an offer wakes it,
/// then sends what is due in batches of `batchSize`, each batch one write transaction. It works on
/// the rows of its host's practice (`host.practiceId`) only.
package final class ReminderWorker: Sendable {
    private let worker = DeadlineWorker(label: "agenda: reminder scan")
    /// Releases of reserved blocks are offered from this instant on (the worker's start, then each pass).
    private let releasedUpTo = Mutex<Date?>(nil)
    let followUp: AppointmentFollowUp
    /// Reminders sent per transaction.
    static let batchSize = 500
    /// How far ahead the start-up looks for booked appointments without a reminder.
    package static let planningHorizonDays = 60.0
    /// Appointments the start-up's planning looks at per transaction (a background write: calls'
    /// writes wait for at most one such batch).
    static let planningBatch = 500

    init(followUp: AppointmentFollowUp) { self.followUp = followUp }

    /// Wakes the worker so it recomputes its next deadline.
    func wake() { worker.wake() }

    func start(host: KernelHost) {
        let followUp = self.followUp
        worker.start(
            host: host,
            prepare: {
                let now = host.clock.now()
                self.releasedUpTo.withLock { $0 = now }
                let horizon = now.addingTimeInterval(Self.planningHorizonDays * 86_400)
                do {
                    // Read first: most starts have nothing to plan, and 500 practices' empty write
                    // transactions would hold the writer (and readers' slots) while calls come in.
                    guard try await host.store.read({ db in try followUp.hasMissing(from: now, to: horizon, practiceId: host.practiceId, in: db) }) else {
                        return
                    }
                    while true {
                        let batch = try await host.store.writeInBackground { db in
                            try followUp.planMissing(from: now, to: horizon, practiceId: host.practiceId, limit: Self.planningBatch, in: db)
                        }
                        if batch.looked < Self.planningBatch { break }
                    }
                } catch {
                    if Task.isCancelled { return }
                    host.logger.error("agenda: planning missing reminders failed: \(error)")
                }
            },
            pass: { now in
                try await Self.scan(followUp: followUp, host: host, now: now)
                let after = self.releasedUpTo.withLock { $0 } ?? now
                try await Self.offerReleases(followUp: followUp, host: host, after: after, upTo: now)
                let checked = max(after, now)
                self.releasedUpTo.withLock { $0 = checked }
                let nextRelease = followUp.releases.next(after: checked)
                return try await host.store.read { db in
                    [
                        try ReminderStore.nextDue(practiceId: host.practiceId, in: db), try WaitlistStore.nextExpiry(practiceId: host.practiceId, in: db),
                        nextRelease
                    ].compactMap { $0 }.min()
                }
            })
    }

    func stop() async { await worker.stop() }

    /// Offers to the waiting list the reserved blocks' slots released in `(after, upTo]` that are
    /// still free; returns the offers sent.
    @discardableResult
    static func offerReleases(followUp: AppointmentFollowUp, host: KernelHost, after: Date, upTo: Date) async throws -> Int {
        let released = followUp.releases.releases(after: after, upTo: upTo)
        guard !released.isEmpty, followUp.waitlistSettings.enabled else { return 0 }
        let optOuts = AppointmentFollowUp.optOuts(host)
        let events = try await host.store.write { db in
            let events = try released.flatMap {
                try followUp.offers.offer($0.slot, now: upTo, optOuts: optOuts, practiceId: host.practiceId, in: db).map(PatientSMSEvent.offerSent)
            }
            for e in events { try e.publish(on: host, in: db) }
            return events
        }
        return events.count
    }

    /// Sends every reminder due at `now` and expires every offer whose time ran out; returns the
    /// number of reminders looked at.
    @discardableResult
    static func scan(followUp: AppointmentFollowUp, host: KernelHost, now: Date) async throws -> Int {
        let optOuts = AppointmentFollowUp.optOuts(host)
        let practiceId = host.practiceId
        var total = 0
        while true {
            let anyDue = try await host.store.read { db in try ReminderStore.anyDue(at: now, practiceId: practiceId, in: db) }
            guard anyDue else { break }
            let n = try await host.store.write { db in
                try followUp.sendDue(now: now, limit: batchSize, optOuts: optOuts, practiceId: practiceId, in: db)
            }
            total += n
            if n < batchSize { break }
        }
        let anyExpired = try await host.store.read { db in try WaitlistStore.nextExpiry(practiceId: practiceId, in: db).map { $0 <= now } ?? false }
        if anyExpired {
            try await host.store.write { db in
                for e in try followUp.offers.expire(now: now, optOuts: optOuts, practiceId: practiceId, in: db) { try e.publish(on: host, in: db) }
            }
        }
        return total
    }
}
