package import Foundation
import Synchronization

/// Hands notifications that could not be delivered (an outbox row gone `dead`) to the modules
/// that made the promise behind them, so that a failed delivery comes back to a person instead of
/// dying silently.
///
/// Notify calls `route` inside the transaction that marks the row dead; a listener writes what it
/// needs (a queue item for the secretaries, a delivery state on an incident) in that same
/// transaction, so the failure and its follow-up commit together. Listeners are offered every
/// failure in registration order; each that returns a `Handling` has taken its share.
package final class DeliveryFailureRouter: Sendable {
    /// One notification that will not be delivered.
    package struct Failure: Sendable, Codable, Equatable {
        /// The outbox row's public id (`msg_…`).
        package var messageId: String
        /// `sms` or `webhook`.
        package var channel: String
        /// The phone number (E.164) or webhook endpoint id.
        package var destination: String
        /// The event name or SMS label given at enqueue (`messaging.urgent`, `escalation.page`…).
        package var event: String
        package var urgency: Outbox.Urgency
        /// The reference given at enqueue (message id, incident id…).
        package var reference: String?
        package var attempts: Int
        /// Why the last attempt failed, in words fit for a log line (never the payload).
        package var lastError: String?
        package var at: Date

        package init(
            messageId: String, channel: String, destination: String, event: String, urgency: Outbox.Urgency,
            reference: String?, attempts: Int, lastError: String?, at: Date
        ) {
            self.messageId = messageId
            self.channel = channel
            self.destination = destination
            self.event = event
            self.urgency = urgency
            self.reference = reference
            self.attempts = attempts
            self.lastError = lastError
            self.at = at
        }
    }

    /// What a listener did with a failure.
    package struct Handling: Sendable, Codable, Equatable {
        /// The module that took it (`messaging`, `escalation`).
        package var handledBy: String
        /// What now holds the promise (a queue item's id, an incident id).
        package var reference: String?
        package var summary: String
        package init(handledBy: String, reference: String?, summary: String) {
            self.handledBy = handledBy
            self.reference = reference
            self.summary = summary
        }
    }

    /// A notification given up earlier and delivered since (staff retried it): what the modules did
    /// with its failure, so that they can take back what they did (a queue item asking a secretary
    /// to phone the practitioner the SMS has now reached).
    package struct Recovery: Sendable, Equatable {
        /// The outbox row's public id (`msg_…`).
        package var messageId: String
        /// The reference given at enqueue.
        package var reference: String?
        /// What each module did when the row was given up.
        package var handlings: [Handling]
        /// Rows with the same reference and channel still given up (another step of the same alert).
        package var stillUndelivered: Int
        package var at: Date

        package init(messageId: String, reference: String?, handlings: [Handling], stillUndelivered: Int, at: Date) {
            self.messageId = messageId
            self.reference = reference
            self.handlings = handlings
            self.stillUndelivered = stillUndelivered
            self.at = at
        }
    }

    /// Called inside the transaction that marks a formerly dead row delivered.
    package typealias RecoveryListener = @Sendable (Recovery, any StoreConnection) throws -> Void
    private let recoveryListeners = Mutex<[RecoveryListener]>([])

    /// Registers a listener told of every dead row delivered since.
    package func registerRecovery(_ listener: @escaping RecoveryListener) { recoveryListeners.withLock { $0.append(listener) } }

    /// Tells every recovery listener, inside the transaction that marks the row delivered.
    package func recovered(_ recovery: Recovery, in db: any StoreConnection) throws {
        for l in recoveryListeners.withLock({ $0 }) { try l(recovery, db) }
    }

    /// Called inside the transaction that marks the row dead. Return `nil` when the failure is not yours.
    package typealias Listener = @Sendable (Failure, any StoreConnection) throws -> Handling?
    private let listeners = Mutex<[Listener]>([])
    private let fallbacks = Mutex<[Listener]>([])

    package init() {}

    package func register(_ listener: @escaping Listener) { listeners.withLock { $0.append(listener) } }

    /// Registers a listener offered only the failures no listener of `register` took: the owner of
    /// last resort (Messaging puts any dead urgent SMS nobody else followed up in the callback queue).
    package func registerFallback(_ listener: @escaping Listener) { fallbacks.withLock { $0.append(listener) } }

    /// Offers the failure to every listener, then, if none took it, to the fallbacks; returns what
    /// each that took it did.
    package func route(_ failure: Failure, in db: any StoreConnection) throws -> [Handling] {
        var out: [Handling] = []
        for l in listeners.withLock({ $0 }) {
            if let h = try l(failure, db) { out.append(h) }
        }
        if out.isEmpty {
            for l in fallbacks.withLock({ $0 }) {
                if let h = try l(failure, db) { out.append(h) }
            }
        }
        return out
    }
}
