package import Foundation

/// The source of "now", injected everywhere so that tests control time instead of sleeping.
package protocol WallClock: Sendable {
    func now() -> Date
    /// Suspends until `now() >= deadline` (or the task is cancelled).
    func sleep(until deadline: Date) async throws
}

/// The real clock.
package struct SystemClock: WallClock {
    package init() {}
    package func now() -> Date { Date() }
    package func sleep(until deadline: Date) async throws {
        let delay = deadline.timeIntervalSinceNow
        if delay > 0 { try await Task.sleep(nanoseconds: UInt64(min(delay, 86_400) * 1e9)) }
    }
}
