package import Foundation
package import JSONRPC

extension Outbox {
    /// Where one notification stands, as the module that enqueued it shows it next to the thing it
    /// serves (a message's urgent SMS, an incident's pages). Read from the kernel's `outbox` table.
    package struct Delivery: Sendable, Codable, Hashable {
        /// The words users see, mapped from the outbox row's status: `pending` (waiting for its
        /// first or next attempt), `sent` (handed to the gateway, no answer yet: `inflight`),
        /// `delivered` (the gateway or endpoint accepted it), `failed` (given up: `dead`).
        package enum Status: String, Sendable, Codable, CaseIterable {
            case pending, sent, delivered, failed

            /// The user word for an outbox status (`pending`, `inflight`, `delivered`, `dead`, `fannedOut`).
            package init(outboxStatus: String) {
                switch outboxStatus {
                case "inflight": self = .sent
                case "delivered", "fannedOut": self = .delivered
                case "dead": self = .failed
                default: self = .pending
                }
            }
        }

        /// The row id.
        package var outboxId: Int64
        /// The outbox row's public id (`msg_…`).
        package var messageId: String
        /// `sms` or `webhook`.
        package var channel: String
        /// The phone number (E.164) or webhook endpoint id.
        package var to: String
        package var event: String
        package var status: Status
        package var attempts: Int
        /// Why the last attempt failed (never the payload).
        package var lastError: String?
        package var createdAt: Date
        package var updatedAt: Date

        /// What a message or an incident shows of it.
        package var state: DeliveryState { DeliveryState(to: to, status: status, attempts: attempts, lastError: lastError) }
    }

    /// A notification's state as shown on the thing it serves: `sms: {to, status, attempts, lastError?}`.
    package struct DeliveryState: Sendable, Codable, Hashable {
        package var to: String
        package var status: Delivery.Status
        package var attempts: Int
        package var lastError: String?

        package init(to: String, status: Delivery.Status, attempts: Int, lastError: String?) {
            self.to = to
            self.status = status
            self.attempts = attempts
            self.lastError = lastError
        }

        /// Its JSON Schema, for result schemas.
        package static let schema = Schema.object([
            required("to", .string, "phone number (E.164) or webhook endpoint id"),
            required(
                "status", .oneOf(Delivery.Status.allCases.map(\.rawValue)),
                "pending (waiting for an attempt), sent (handed to the gateway), delivered (accepted), failed (given up)"),
            required("attempts", .integer), optional("lastError", .string, "why the last attempt failed")
        ])
    }

    /// Every notification enqueued with `reference`, oldest first.
    package static func deliveries(reference: String, channel: String? = nil, in db: any StoreConnection) throws -> [Delivery] {
        try deliveries(references: [reference], channel: channel, in: db)[reference] ?? []
    }

    /// The notifications enqueued with each of `references` (one query), oldest first per reference.
    /// `*` webhooks fanned out to endpoints are left out: their copies per endpoint are listed instead.
    /// References are the random ids of rows the caller read through its practice (a message, an
    /// incident): the lookup needs no practice of its own.
    package static func deliveries(references: [String], channel: String? = nil, in db: any StoreConnection) throws -> [String: [Delivery]] {
        try KernelStore.deliveries(references: references, channel: channel, in: db)
    }
}
