/// What one practice used of the answering service over a period: the figures it is billed on
/// (`usage.report`). Each module fills the counts it knows (``UsageSource``) and leaves the others
/// at zero; counts of several sources add up with `+`.
package struct UsageCounts: Sendable, Equatable, Codable {
    /// Calls offered to the practice's queues (closed calls: answered, abandoned or sent elsewhere), by offer time.
    package var callsOffered = 0
    /// Offered calls that reached a secretary.
    package var callsAnswered = 0
    /// Talk time of the answered calls, seconds.
    package var talkSeconds = 0.0
    /// Messages secretaries took for the practice.
    package var messagesTaken = 0
    /// Appointments booked for the practice, by booking time.
    package var appointmentsBooked = 0
    /// SMS the gateway accepted, and the segments they were billed as.
    package var smsSent = 0
    package var smsSegments = 0
    /// Webhook calls the practice's endpoints accepted (2xx).
    package var webhooksDelivered = 0

    package init() {}

    package static func + (a: UsageCounts, b: UsageCounts) -> UsageCounts {
        var sum = a
        sum.callsOffered += b.callsOffered
        sum.callsAnswered += b.callsAnswered
        sum.talkSeconds += b.talkSeconds
        sum.messagesTaken += b.messagesTaken
        sum.appointmentsBooked += b.appointmentsBooked
        sum.smsSent += b.smsSent
        sum.smsSegments += b.smsSegments
        sum.webhooksDelivered += b.webhooksDelivered
        return sum
    }
}
