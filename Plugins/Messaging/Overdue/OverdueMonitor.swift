import Foundation
import Kernel
import Logging
import Synchronization

/// The background worker that flags messages whose callback deadline has passed.
///
/// Driven by `host.clock` (a `ManualClock` in tests): it sleeps until the earliest deadline not yet
/// reported, or until a message is taken or reopened, then marks every message due and not
/// completed as reported, enqueues a `messaging.overdue` webhook in the same transaction, and
/// publishes the `messaging.overdue` event once per message and deadline.
final class OverdueMonitor: Sendable {
    private let signal = WakeSignal()
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Wakes the worker so it recomputes its next deadline (a message was taken or reopened).
    func wake() { signal.fire() }

    func start(host: KernelHost) {
        let signal = self.signal
        let worker = Task {
            while !Task.isCancelled {
                do {
                    try await Self.scan(host: host, now: host.clock.now())
                    let next = try await host.store.read { db in try MessagingStore.nextUnreportedDue(in: db) }
                    await signal.wait(until: next, on: host.clock)
                } catch {
                    if Task.isCancelled { return }
                    host.logger.error("messaging: overdue scan failed: \(error)")
                    await signal.wait(until: host.clock.now().addingTimeInterval(60), on: host.clock)
                }
            }
        }
        task.withLock { $0 = worker }
    }

    func stop() async {
        let worker = task.withLock { t -> Task<Void, Never>? in
            defer { t = nil }
            return t
        }
        worker?.cancel()
        await worker?.value
    }

    /// Reports every message due at `now` and not reported yet; returns them.
    @discardableResult
    static func scan(host: KernelHost, now: Date) async throws -> [Message] {
        // Most wake-ups find nothing due: look before opening a write transaction.
        let anyDue = try await host.store.read { db in try MessagingStore.anyUnreportedDue(at: now, in: db) }
        guard anyDue else { return [] }
        let due = try await host.store.write { db -> [Message] in
            var messages: [Message] = []
            for var message in try MessagingStore.unreportedDue(at: now, in: db) {
                message.overdueNotifiedAt = now
                try MessagingStore.markOverdueReported(message.id, at: now, in: db)
                try Outbox.enqueue(
                    Outbox.Item(
                        channel: "webhook", destination: "*", event: "messaging.overdue",
                        payload: try MessagingService.webhookBody("messaging.overdue", message, at: now, encoder: host.encoder),
                        urgency: message.urgency == .urgent ? .urgent : .normal, reference: message.id),
                    in: db, now: now)
                messages.append(message)
            }
            return messages
        }
        for message in due { host.events.publish("messaging.overdue", message) }
        return due
    }
}
