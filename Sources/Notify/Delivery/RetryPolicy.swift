package import Foundation

/// When to try a failed delivery again, and when to give up.
///
/// The first attempt is made at once; after the n-th failed attempt the next one waits
/// `retryDelays[n-1]`, stretched or shrunk by a random jitter of at most `maxJitter` (±20 %),
/// so that many deliveries failing together do not retry together. When the delays run out the
/// delivery goes to the dead letter.
///
/// Classification of an outcome:
/// - 2xx → delivered;
/// - network error, 408, 429, 5xx (and any status outside 2xx–5xx) → retry;
///   for 429 and 503 a `Retry-After` (seconds or HTTP-date) is a lower bound on the wait,
///   capped at `maxRetryAfter`;
/// - 410 → dead letter, and the endpoint is to be disabled;
/// - other 4xx and every 3xx → dead letter at once.
package struct RetryPolicy: Sendable {
    /// Waits after the 1st, 2nd… failed attempt; `retryDelays.count + 1` attempts in all.
    package var retryDelays: [Duration]
    /// The largest jitter, as a fraction of the delay (0.2 is ±20 %).
    package var maxJitter: Double
    /// The longest `Retry-After` honoured; a longer one is cut to this.
    package var maxRetryAfter: Duration
    /// A random number in -1...1 for each decision; inject a constant in tests.
    package var random: @Sendable () -> Double

    package init(
        retryDelays: [Duration], maxJitter: Double = 0.2, maxRetryAfter: Duration = .seconds(86_400),
        random: @escaping @Sendable () -> Double = { Double.random(in: -1...1) }
    ) {
        self.retryDelays = retryDelays
        self.maxJitter = maxJitter
        self.maxRetryAfter = maxRetryAfter
        self.random = random
    }

    /// For on-call alerts: attempts at once, then after 5 s, 30 s, 2 min and 5 min.
    package static let urgent = RetryPolicy(retryDelays: [.seconds(5), .seconds(30), .seconds(120), .seconds(300)])

    /// For ordinary webhooks and messages (the Standard Webhooks schedule): at once, then after
    /// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h.
    package static let normal = RetryPolicy(retryDelays: [
        .seconds(5), .seconds(300), .seconds(1_800), .seconds(7_200), .seconds(18_000), .seconds(36_000), .seconds(36_000)
    ])

    /// The most attempts a delivery gets, the first included.
    package var maxAttempts: Int { retryDelays.count + 1 }

    /// The decision after attempt number `attempt` (1 for the first) ended with `outcome` at `now`.
    package func nextAttempt(after attempt: Int, outcome: DeliveryOutcome, now: Date) -> RetryDecision {
        var earliest: Date?
        switch outcome {
        case .networkError:
            break
        case .response(let status, let retryAfter):
            switch status {
            case 200...299:
                return .delivered
            case 410:
                return .deadLetter(.gone)
            case 300...399:
                return .deadLetter(.redirected(status: status))
            case 408, 429:
                if status == 429, let retryAfter { earliest = RetryAfter.date(from: retryAfter, now: now) }
            case 400...499:
                return .deadLetter(.rejected(status: status))
            default:
                if status == 503, let retryAfter { earliest = RetryAfter.date(from: retryAfter, now: now) }
            }
        }
        let index = max(attempt, 1) - 1
        guard index < retryDelays.count else {
            return .deadLetter(.attemptsExhausted(last: outcome))
        }
        let delay = Self.seconds(retryDelays[index])
        let jitter = min(1, max(-1, random())) * maxJitter
        var next = now.addingTimeInterval(delay * (1 + jitter))
        if let earliest {
            let capped = min(earliest, now.addingTimeInterval(Self.seconds(maxRetryAfter)))
            next = max(next, capped)
        }
        return .retry(at: next)
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
