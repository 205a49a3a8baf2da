import Foundation
import Notify
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000) // Tue, 14 Nov 2023 22:13:20 GMT

    static func noJitter(_ policy: RetryPolicy) -> RetryPolicy {
        var policy = policy
        policy.random = { 0 }
        return policy
    }

    enum Expected: Equatable {
        case delivered
        case retryAfter(TimeInterval)
        case deadLetter(DeadLetterReason)
    }

    static func check(_ decision: RetryDecision, _ expected: Expected) {
        switch expected {
        case .delivered: #expect(decision == .delivered)
        case .retryAfter(let seconds): #expect(decision == .retry(at: now.addingTimeInterval(seconds)))
        case .deadLetter(let reason): #expect(decision == .deadLetter(reason))
        }
    }

    @Test(
        "classification and the urgent schedule",
        arguments: [
            (1, DeliveryOutcome.response(status: 200), Expected.delivered),
            (3, .response(status: 204), .delivered),
            (1, .networkError("curl error 7"), .retryAfter(5)),
            (2, .response(status: 500), .retryAfter(30)),
            (3, .response(status: 408), .retryAfter(120)),
            (4, .response(status: 502), .retryAfter(300)),
            (5, .response(status: 503), .deadLetter(.attemptsExhausted(last: .response(status: 503)))),
            (5, .networkError("timeout"), .deadLetter(.attemptsExhausted(last: .networkError("timeout")))),
            (1, .response(status: 429), .retryAfter(5)),
            (1, .response(status: 429, retryAfter: "60"), .retryAfter(60)),
            (2, .response(status: 429, retryAfter: "1"), .retryAfter(30)),
            (1, .response(status: 429, retryAfter: "Tue, 14 Nov 2023 23:13:20 GMT"), .retryAfter(3600)),
            (1, .response(status: 429, retryAfter: "999999"), .retryAfter(86_400)),
            (1, .response(status: 429, retryAfter: "bientôt"), .retryAfter(5)),
            (1, .response(status: 503, retryAfter: "120"), .retryAfter(120)),
            (1, .response(status: 400), .deadLetter(.rejected(status: 400))),
            (1, .response(status: 401), .deadLetter(.rejected(status: 401))),
            (1, .response(status: 404), .deadLetter(.rejected(status: 404))),
            (1, .response(status: 422), .deadLetter(.rejected(status: 422))),
            (1, .response(status: 301), .deadLetter(.redirected(status: 301))),
            (1, .response(status: 302), .deadLetter(.redirected(status: 302))),
            (1, .response(status: 410), .deadLetter(.gone))
        ])
    func urgent(attempt: Int, outcome: DeliveryOutcome, expected: Expected) {
        Self.check(Self.noJitter(.urgent).nextAttempt(after: attempt, outcome: outcome, now: Self.now), expected)
    }

    @Test("the normal schedule", arguments: zip(1...8, [5.0, 300, 1_800, 7_200, 18_000, 36_000, 36_000, -1]))
    func normal(attempt: Int, delay: TimeInterval) {
        let decision = Self.noJitter(.normal).nextAttempt(after: attempt, outcome: .response(status: 500), now: Self.now)
        Self.check(
            decision,
            delay < 0
                ? .deadLetter(.attemptsExhausted(last: .response(status: 500))) : .retryAfter(delay))
    }

    @Test("attempt counts", arguments: [(RetryPolicy.urgent, 5), (RetryPolicy.normal, 8)])
    func attemptCounts(policy: RetryPolicy, attempts: Int) {
        #expect(policy.maxAttempts == attempts)
    }

    @Test("410 disables the endpoint; other dead letters do not")
    func goneDisables() {
        #expect(DeadLetterReason.gone.disablesEndpoint)
        #expect(!DeadLetterReason.rejected(status: 404).disablesEndpoint)
        #expect(!DeadLetterReason.attemptsExhausted(last: .networkError("x")).disablesEndpoint)
    }

    @Test("jitter stays within ±20 %", arguments: [(1.0, 6.0), (-1.0, 4.0), (0.5, 5.5), (7.0, 6.0), (-7.0, 4.0)])
    func jitter(random: Double, seconds: TimeInterval) {
        var policy = RetryPolicy.urgent
        policy.random = { random }
        Self.check(policy.nextAttempt(after: 1, outcome: .networkError("x"), now: Self.now), .retryAfter(seconds))
    }

    @Test("Retry-After is a lower bound even with negative jitter")
    func retryAfterWithJitter() {
        var policy = RetryPolicy.urgent
        policy.random = { -1 }
        Self.check(
            policy.nextAttempt(after: 1, outcome: .response(status: 429, retryAfter: "5"), now: Self.now),
            .retryAfter(5))
    }

    @Test("default jitter spreads retries within bounds")
    func defaultJitter() {
        for _ in 0..<50 {
            guard case .retry(let at) = RetryPolicy.normal.nextAttempt(after: 2, outcome: .networkError("x"), now: Self.now) else {
                Issue.record("expected a retry")
                return
            }
            let delay = at.timeIntervalSince(Self.now)
            #expect(delay >= 240 && delay <= 360)
        }
    }

    @Test(
        "Retry-After forms",
        arguments: [
            ("120", 120.0),
            (" 0 ", 0),
            ("Tue, 14 Nov 2023 23:13:20 GMT", 3600),
            ("Tuesday, 14-Nov-23 23:13:20 GMT", 3600),
            ("Tue Nov 14 23:13:20 2023", 3600)
        ])
    func retryAfterForms(value: String, seconds: TimeInterval) {
        #expect(RetryAfter.date(from: value, now: Self.now) == Self.now.addingTimeInterval(seconds))
    }

    @Test("invalid Retry-After values", arguments: ["", "-5", "soon", "1.5"])
    func invalidRetryAfter(value: String) {
        #expect(RetryAfter.date(from: value, now: Self.now) == nil)
    }
}
