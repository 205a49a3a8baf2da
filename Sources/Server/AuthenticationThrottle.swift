import NIOConcurrencyHelpers
import NIOCore

/// Failed `initialize` calls per peer address over a sliding window, shared by every connection of a
/// listener: once a peer has `limit` failures in the window, its next attempts are refused (-32029)
/// without checking the token, until the oldest failure leaves the window.
final class AuthenticationThrottle: Sendable {
    let limit: Int
    let window: TimeAmount
    /// Past this many tracked peers, peers whose failures all left the window are forgotten.
    private let pruneThreshold = 1024
    private let failures = NIOLockedValueBox<[String: [NIODeadline]]>([:])

    init(limit: Int, window: TimeAmount) {
        self.limit = limit
        self.window = window
    }

    /// When `peer` may try again (nil: now).
    func blockedUntil(_ peer: String, now: NIODeadline) -> NIODeadline? {
        guard limit > 0 else { return nil }
        return failures.withLockedValue { table in
            guard var times = table[peer] else { return nil }
            times.removeAll { $0 + window <= now }
            table[peer] = times.isEmpty ? nil : times
            return times.count >= limit ? times[times.count - limit] + window : nil
        }
    }

    /// Records `count` failed attempts of `peer` at `now`.
    func recordFailures(_ peer: String, count: Int, now: NIODeadline) {
        guard limit > 0, count > 0 else { return }
        failures.withLockedValue { table in
            if table.count >= pruneThreshold {
                table = table.filter { $0.value.contains { $0 + window > now } }
            }
            var times = table[peer, default: []]
            times.removeAll { $0 + window <= now }
            times.append(contentsOf: repeatElement(now, count: count))
            // Only the newest `limit` failures matter for the decision.
            if times.count > limit { times.removeFirst(times.count - limit) }
            table[peer] = times
        }
    }
}
