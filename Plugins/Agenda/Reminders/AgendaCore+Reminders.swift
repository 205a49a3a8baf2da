package import Foundation
package import Kernel

extension AgendaCore {
    /// Plans the reminders of booked appointments starting in `[from, to)` that have none (what the
    /// worker does at start-up for imported appointments) of `practiceId`; returns how many were planned.
    package func planReminders(from: Date, to: Date, practiceId: String, store: Store) async throws -> Int {
        let followUp = self.followUp
        return try await store.write { db in try followUp.planMissing(from: from, to: to, practiceId: practiceId, in: db) }
    }

    /// Sends the reminders due at the host's clock and moves expired offers on, as the worker does
    /// when it wakes; returns the number of reminders looked at.
    @discardableResult
    package func sendDueReminders(host: KernelHost) async throws -> Int {
        try await ReminderWorker.scan(followUp: followUp, host: host, now: host.clock.now())
    }
}
