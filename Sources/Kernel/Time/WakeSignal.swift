package import Foundation
import Synchronization

/// A level-triggered, cancellable wake-up for background workers.
///
/// Promises:
/// - `fire()` wakes every task waiting now; if none waits, the next `wait()` returns at once
///   (a fire is never lost, and several fires before a wait count as one);
/// - a waiting task that is cancelled returns at once;
/// - an instance belongs to whoever created it: the host owns the outbox's (`KernelHost.outboxSignal`),
///   a worker owns its own. There is no shared instance, so two hosts in one process never wake each other.
package final class WakeSignal: Sendable {
    private struct State {
        var fired = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var next: UInt64 = 0
    }
    private let state = Mutex(State())

    package init() {}

    /// Wakes the current waiters, or the next one if none waits.
    package func fire() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            if s.waiters.isEmpty {
                s.fired = true
                return []
            }
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        for w in waiters { w.resume() }
    }

    /// Whether a fire is waiting for the next `wait()` (nobody was waiting when it came). For tests.
    package var isPending: Bool { state.withLock { $0.fired } }

    /// Returns at once if fired since the last wait; otherwise when fired or when the task is cancelled.
    package func wait() async {
        let key = state.withLock { s -> UInt64 in
            s.next += 1
            return s.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.fired {
                        s.fired = false
                        return true
                    }
                    if Task.isCancelled { return true }
                    s.waiters[key] = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: key) }
            waiter?.resume()
        }
    }

    /// Returns when fired, when `clock` reaches `deadline` (never if nil), or when the task is
    /// cancelled, whichever comes first. The clock is the host's, so a `ManualClock` drives it in tests.
    package func wait(until deadline: Date?, on clock: any WallClock) async {
        guard let deadline else { return await wait() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait() }
            group.addTask { try? await clock.sleep(until: deadline) }
            await group.next()
            group.cancelAll()
        }
    }
}
