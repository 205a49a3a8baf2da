import Foundation
import Kernel

/// The background worker that flags messages whose callback deadline has passed.
///
/// Driven by `host.clock` (a `ManualClock` in tests): it sleeps until the earliest deadline not yet
/// reported, or until a message is taken or reopened, then marks every message due and not
/// completed as reported, enqueues a `messaging.overdue` webhook in the same transaction, and
/// publishes the `messaging.overdue` event once per message and deadline.
final class OverdueMonitor: Sendable {
    private let worker = DeadlineWorker(label: "messaging: overdue scan")

    /// Wakes the worker so it recomputes its next deadline (a message was taken or reopened).
    func wake() { worker.wake() }

    func start(host: KernelHost) {
        worker.start(host: host) { now in
            try await Self.scan(host: host, now: now)
            return try await host.store.read { db in try MessagingStore.nextUnreportedDue(practiceId: host.practiceId, in: db) }
        }
    }

    func stop() async { await worker.stop() }

    /// Reports every message due at `now` and not reported yet; returns them.
    @discardableResult
    static func scan(host: KernelHost, now: Date) async throws -> [Message] {
        // Most wake-ups find nothing due: look before opening a write transaction.
        let anyDue = try await host.store.read { db in try MessagingStore.anyUnreportedDue(at: now, practiceId: host.practiceId, in: db) }
        guard anyDue else { return [] }
        let due = try await host.store.write { db -> [Message] in
            var messages: [Message] = []
            for var message in try MessagingStore.unreportedDue(at: now, practiceId: host.practiceId, in: db) {
                message.overdueNotifiedAt = now
                // Several nodes scan: only the one whose mark takes reports it.
                guard try MessagingStore.markOverdueReported(message.id, at: now, practiceId: host.practiceId, in: db) else { continue }
                try Outbox.enqueue(
                    Outbox.Item(
                        channel: "webhook", destination: "*", event: "messaging.overdue",
                        payload: try MessagingService.webhookBody("messaging.overdue", message, at: now, encoder: host.encoder),
                        urgency: message.urgency == .urgent ? .urgent : .normal, reference: message.id),
                    practiceId: host.practiceId, in: db, now: now)
                try host.events.publish("messaging.overdue", message, in: db)
                messages.append(message)
            }
            return messages
        }
        return due
    }
}
