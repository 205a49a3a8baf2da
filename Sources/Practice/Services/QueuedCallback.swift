package import Foundation

/// The queue item that now holds a request.
package struct QueuedCallback: Sendable, Codable, Equatable {
    /// The message id in the callback queue (`mes_…`).
    package var messageId: String
    /// The six-character code practitioners quote in SMS replies.
    package var code: String
    package var dueAt: Date
    /// False when the request joined an item already open for the same caller and subject
    /// (a second renewal request, a repeat call): the first promise is kept.
    package var created: Bool
    /// Whether the item is urgent now (a request can make an item it joins urgent).
    package var urgent: Bool
    /// Where the practitioner's alert SMS went, when one was queued by this request.
    package var smsTo: String?

    package init(messageId: String, code: String, dueAt: Date, created: Bool, urgent: Bool = false, smsTo: String? = nil) {
        self.messageId = messageId
        self.code = code
        self.dueAt = dueAt
        self.created = created
        self.urgent = urgent
        self.smsTo = smsTo
    }
}
