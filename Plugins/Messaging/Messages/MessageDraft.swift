import Foundation

/// What a message is made of before it is recorded: from `messaging.take` or `messaging.prescriptionRenewal`.
struct MessageDraft: Sendable {
    var kind = "message"
    var siteId: String?
    var patientId: String?
    var caller: Message.Caller?
    var category: Message.Category
    var text: String
    var callbackNumber: String?
    var urgency: Message.Urgency
    var practitionerId: String?
    var renewal: Message.Renewal?
    /// Which notice the caller is told (`normal`, `urgent`, `transfer`); defaults to the urgency.
    var notice: String?
    /// The number the call is transferred to, when the notice is `transfer`.
    var transferNumber: String?
    /// Whether an urgent message is also sent by SMS (false when the call is transferred instead).
    var sendsSMS = true
}
