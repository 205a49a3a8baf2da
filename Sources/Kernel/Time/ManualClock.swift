package import Foundation
import Synchronization

/// A clock that moves only when told to; sleepers wake as soon as it passes their deadline.
package final class ManualClock: WallClock {
    private struct Sleeper {
        let deadline: Date
        let continuation: CheckedContinuation<Void, any Error>
    }
    private let state: Mutex<(now: Date, sleepers: [UInt64: Sleeper], next: UInt64)>

    package init(_ start: Date) { state = Mutex((start, [:], 0)) }

    package func now() -> Date { state.withLock { $0.now } }

    /// Moves the clock to `date` (never backwards) and wakes the sleepers whose deadline has come.
    package func set(_ date: Date) {
        let due = state.withLock { s -> [Sleeper] in
            if date > s.now { s.now = date }
            let ready = s.sleepers.filter { $0.value.deadline <= s.now }
            for k in ready.keys { s.sleepers[k] = nil }
            return Array(ready.values)
        }
        for s in due { s.continuation.resume() }
    }

    package func advance(by seconds: TimeInterval) { set(now().addingTimeInterval(seconds)) }

    package func sleep(until deadline: Date) async throws {
        let key = state.withLock { s -> UInt64 in
            s.next += 1
            return s.next
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { s -> Bool in
                    if deadline <= s.now || Task.isCancelled { return true }
                    s.sleepers[key] = Sleeper(deadline: deadline, continuation: c)
                    return false
                }
                if resumeNow { c.resume() }
            }
            try Task.checkCancellation()
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: key) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// How many tasks are waiting on this clock (lets tests wait until a worker is parked).
    package var sleeperCount: Int { state.withLock { $0.sleepers.count } }
}
