import Kernel

/// The retry schedule for each urgency class of the outbox.
public struct RetryPolicies: Sendable {
    public var urgent: RetryPolicy
    public var normal: RetryPolicy

    public init(urgent: RetryPolicy = .urgent, normal: RetryPolicy = .normal) {
        self.urgent = urgent
        self.normal = normal
    }

    /// Urgent: at once, 5 s, 30 s, 2 min, 5 min. Normal: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. ±20 % jitter.
    public static let standard = RetryPolicies()

    public func policy(for urgency: Outbox.Urgency) -> RetryPolicy {
        urgency == .urgent ? urgent : normal
    }
}
