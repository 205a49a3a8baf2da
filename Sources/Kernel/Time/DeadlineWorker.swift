package import Foundation
import Logging
import Synchronization

/// A background task that does a module's due work, then sleeps until its next deadline on the
/// host's clock or until `wake()` (a change that may bring a deadline forward).
///
/// Promises: `pass(now)` runs once at start and after every wake-up or deadline, and returns the
/// next deadline (nil: none, sleep until woken; on a server other nodes write, it also looks again
/// every `Store.lookAgainSeconds`); a pass that throws is logged under `label` and
/// tried again a minute later on the same clock; `stop()` cancels and waits for the task's end.
package final class DeadlineWorker: Sendable {
    private let signal = WakeSignal()
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let label: String

    /// `label` names the work in the log (`messaging: overdue scan failed: …`).
    package init(label: String) { self.label = label }

    /// Wakes the worker so it recomputes its next deadline.
    package func wake() { signal.fire() }

    /// Starts the loop: `prepare` once, then `pass` until `stop()`.
    package func start(
        host: KernelHost, prepare: (@Sendable () async -> Void)? = nil, pass: @escaping @Sendable (Date) async throws -> Date?
    ) {
        let signal = self.signal
        let label = self.label
        let worker = Task {
            await prepare?()
            while !Task.isCancelled {
                do {
                    let next = try await pass(host.clock.now())
                    await signal.wait(until: host.store.wakeTime(next: next, now: host.clock.now()), on: host.clock)
                } catch {
                    if Task.isCancelled { return }
                    host.logger.error("\(label) failed: \(error)")
                    await signal.wait(until: host.clock.now().addingTimeInterval(60), on: host.clock)
                }
            }
        }
        task.withLock { $0 = worker }
    }

    /// Cancels the loop and returns once it has ended.
    package func stop() async {
        let worker = task.withLock { t -> Task<Void, Never>? in
            defer { t = nil }
            return t
        }
        worker?.cancel()
        await worker?.value
    }
}
