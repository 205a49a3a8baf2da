import Foundation
import Synchronization

/// Hands SMS replies that reach the server (`notify.inboundSms`) to the modules that wait for them.
///
/// Escalation registers a listener to take `OK 4821` as an acknowledgement; Notify routes every
/// inbound SMS here without knowing who listens.
public final class InboundSMSRouter: Sendable {
    /// One inbound SMS, phone in E.164.
    public struct Message: Sendable, Codable {
        public var from: String
        public var text: String
        public var receivedAt: Date
        public init(from: String, text: String, receivedAt: Date) {
            self.from = from
            self.text = text
            self.receivedAt = receivedAt
        }
    }

    /// What a listener made of a message: `nil` when it was not for it.
    public struct Handling: Sendable, Codable {
        public var handledBy: String
        public var summary: String
        public var reference: String?
        public init(handledBy: String, summary: String, reference: String? = nil) {
            self.handledBy = handledBy
            self.summary = summary
            self.reference = reference
        }
    }

    public typealias Listener = @Sendable (Message, RequestContext) async throws -> Handling?
    private let listeners = Mutex<[Listener]>([])

    public init() {}

    public func register(_ listener: @escaping Listener) { listeners.withLock { $0.append(listener) } }

    /// Offers the message to each listener in turn until one handles it.
    public func route(_ message: Message, context: RequestContext) async throws -> Handling? {
        for l in listeners.withLock({ $0 }) {
            if let h = try await l(message, context) { return h }
        }
        return nil
    }
}
