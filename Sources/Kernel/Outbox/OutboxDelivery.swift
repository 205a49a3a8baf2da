import Foundation
import GRDB

extension Outbox {
    /// Where one notification stands, as the module that enqueued it shows it next to the thing it
    /// serves (a message's urgent SMS, an incident's pages). Read from the kernel's `outbox` table.
    public struct Delivery: Sendable, Codable, Hashable {
        /// The words users see, mapped from the outbox row's status: `pending` (waiting for its
        /// first or next attempt), `sent` (handed to the gateway, no answer yet: `inflight`),
        /// `delivered` (the gateway or endpoint accepted it), `failed` (given up: `dead`).
        public enum Status: String, Sendable, Codable, CaseIterable {
            case pending, sent, delivered, failed

            /// The user word for an outbox status (`pending`, `inflight`, `delivered`, `dead`, `fannedOut`).
            public init(outboxStatus: String) {
                switch outboxStatus {
                case "inflight": self = .sent
                case "delivered", "fannedOut": self = .delivered
                case "dead": self = .failed
                default: self = .pending
                }
            }
        }

        /// The row id.
        public var outboxId: Int64
        /// The outbox row's public id (`msg_…`).
        public var messageId: String
        /// `sms` or `webhook`.
        public var channel: String
        /// The phone number (E.164) or webhook endpoint id.
        public var to: String
        public var event: String
        public var status: Status
        public var attempts: Int
        /// Why the last attempt failed (never the payload).
        public var lastError: String?
        public var createdAt: Date
        public var updatedAt: Date

        /// What a message or an incident shows of it.
        public var state: DeliveryState { DeliveryState(to: to, status: status, attempts: attempts, lastError: lastError) }
    }

    /// A notification's state as shown on the thing it serves: `sms: {to, status, attempts, lastError?}`.
    public struct DeliveryState: Sendable, Codable, Hashable {
        public var to: String
        public var status: Delivery.Status
        public var attempts: Int
        public var lastError: String?

        public init(to: String, status: Delivery.Status, attempts: Int, lastError: String?) {
            self.to = to
            self.status = status
            self.attempts = attempts
            self.lastError = lastError
        }

        /// Its JSON Schema, for result schemas.
        public static let schema = Schema.object([
            required("to", .string, "phone number (E.164) or webhook endpoint id"),
            required(
                "status", .oneOf(Delivery.Status.allCases.map(\.rawValue)),
                "pending (waiting for an attempt), sent (handed to the gateway), delivered (accepted), failed (given up)"),
            required("attempts", .integer), optional("lastError", .string, "why the last attempt failed")
        ])
    }

    /// Every notification enqueued with `reference`, oldest first.
    public static func deliveries(reference: String, channel: String? = nil, in db: Database) throws -> [Delivery] {
        try deliveries(references: [reference], channel: channel, in: db)[reference] ?? []
    }

    /// The notifications enqueued with each of `references` (one query), oldest first per reference.
    /// `*` webhooks fanned out to endpoints are left out: their copies per endpoint are listed instead.
    public static func deliveries(references: [String], channel: String? = nil, in db: Database) throws -> [String: [Delivery]] {
        try KernelStore.deliveries(references: references, channel: channel, in: db)
    }
}
