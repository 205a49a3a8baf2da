package import Foundation
import Synchronization

/// Hands SMS replies that reach the server (`notify.inboundSms`) to the modules that wait for them.
///
/// Escalation registers a listener to take `OK 4821` as an acknowledgement; Notify routes every
/// inbound SMS here without knowing who listens.
package final class InboundSMSRouter: Sendable {
    /// One inbound SMS, phone in E.164.
    package struct Message: Sendable, Codable {
        package var from: String
        package var text: String
        package var receivedAt: Date
        package init(from: String, text: String, receivedAt: Date) {
            self.from = from
            self.text = text
            self.receivedAt = receivedAt
        }
    }

    /// What a listener made of a message: `nil` when it was not for it.
    package struct Handling: Sendable, Codable {
        package var handledBy: String
        package var summary: String
        package var reference: String?
        package init(handledBy: String, summary: String, reference: String? = nil) {
            self.handledBy = handledBy
            self.summary = summary
            self.reference = reference
        }
    }

    package typealias Listener = @Sendable (Message, RequestContext) async throws -> Handling?
    private let listeners = Mutex<[Listener]>([])

    package init() {}

    package func register(_ listener: @escaping Listener) { listeners.withLock { $0.append(listener) } }

    /// Offers the message to each listener in turn until one handles it.
    package func route(_ message: Message, context: RequestContext) async throws -> Handling? {
        for l in listeners.withLock({ $0 }) {
            if let h = try await l(message, context) { return h }
        }
        return nil
    }
}
