import Foundation
import JSONRPC
import Kernel
import Logging

/// `POST /sms/twilio/status`: Twilio's delivery receipts for the SMS Permanence sent
/// (`StatusCallback`), signed like the incoming-message webhook (403 otherwise).
///
/// The state (`MessageStatus`) is kept on the outbox row whose `providerMessageId` is the
/// `MessageSid`, unless the row already has a later one; `notify.get` shows it. An urgent SMS
/// reported `undelivered` or `failed` goes to the modules behind it at once (`DeliveryReceipts`).
/// Unknown sids are acknowledged (200) and ignored: Twilio would retry a refusal for nothing.
enum TwilioStatusRoute {
    static let path = "/sms/twilio/status"

    static func route(host: KernelHost, authToken: String?) -> HTTPRoute {
        HTTPRoute("POST", path, summary: "Twilio's delivery receipts (signed form post): the latest state of an SMS sent, kept on its outbox row") { request in
            let fields = try TwilioInboundRoute.verifiedFields(request, authToken: authToken)
            func field(_ name: String) throws -> String {
                guard let v = fields.first(where: { $0.name == name })?.value, !v.isEmpty else { throw HTTPRouteError(400, "missing field \(name)") }
                return v
            }
            let sid = try field("MessageSid")
            let status = try field("MessageStatus").lowercased()
            let errorCode = fields.first(where: { $0.name == "ErrorCode" })?.value
            let now = host.clock.now()
            let router = host.deliveryFailures
            let logger = host.logger
            let practiceId = host.practiceId
            try await host.store.write { db in
                guard let (message, changed) = try DeliveryReceipts.record(status, providerMessageId: sid, at: now, practiceId: practiceId, in: db), changed
                else { return }
                guard DeliveryReceipts.isFailure(status), message.urgency == .urgent, message.channel == "sms" else { return }
                let reason = "gateway reported \(status)" + (errorCode.map { " (error \($0))" } ?? "")
                let failure = message.failure(attempts: message.attempts, lastError: reason, at: now)
                let (_, listenerError) = try FailureStore.route(failure, rowID: message.rowID, router: router, practiceId: practiceId, in: db)
                try OutboxStore.setLastError(reason, rowID: message.rowID, practiceId: practiceId, in: db)
                db.afterCommit({ _ in
                    logger.error("notify: urgent SMS \(message.messageId) (\(message.event)) \(reason)")
                    if let listenerError { logger.error("notify: a module could not take over \(message.messageId): \(listenerError)") }
                })
            }
            return .body(200, contentType: "text/xml", TwilioInboundRoute.emptyTwiML)
        }
    }
}
