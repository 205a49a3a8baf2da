package import Kernel

/// The retry schedule for each urgency class of the outbox.
package struct RetryPolicies: Sendable {
    package var urgent: RetryPolicy
    package var normal: RetryPolicy

    package init(urgent: RetryPolicy = .urgent, normal: RetryPolicy = .normal) {
        self.urgent = urgent
        self.normal = normal
    }

    /// Urgent: at once, 5 s, 30 s, 2 min, 5 min. Normal: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. ±20 % jitter.
    package static let standard = RetryPolicies()

    package func policy(for urgency: Outbox.Urgency) -> RetryPolicy {
        urgency == .urgent ? urgent : normal
    }
}
