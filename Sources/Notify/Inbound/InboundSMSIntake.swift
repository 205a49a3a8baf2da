import Foundation
import JSONRPC
import Kernel

/// Where every inbound SMS enters, whichever way it came (`notify.inboundSms`, Twilio's webhook, a
/// generic gateway): the text goes to the modules that listen (`KernelHost.inboundSMS`); one that
/// no module handles is kept in the inbox for a secretary and announced by `notify.inboxReceived`.
enum InboundSMSIntake {
    /// What became of one inbound SMS.
    struct Outcome: Sendable {
        /// The sender in E.164.
        let from: String
        let handling: InboundSMSRouter.Handling?
        /// The inbox item keeping it, when no module handled it.
        let inboxId: String?
    }

    /// Ten concatenated SMS segments and then some: longer is not an SMS.
    static let maximumTextLength = 2000

    /// Routes the SMS; throws `invalidParams` naming `from` or `text` when they cannot be an SMS.
    static func receive(
        from rawFrom: String, text rawText: String, receivedAt: Date?, via: String = "rpc",
        context: RequestContext
    ) async throws -> Outcome {
        do {
            let outcome = try await take(from: rawFrom, text: rawText, receivedAt: receivedAt, context: context)
            ServerMetrics.inboundSMS(via: via, result: outcome.handling == nil ? "inbox" : "handled")
            return outcome
        } catch {
            ServerMetrics.inboundSMS(via: via, result: "invalid")
            throw error
        }
    }

    private static func take(from rawFrom: String, text rawText: String, receivedAt: Date?, context: RequestContext) async throws -> Outcome {
        guard rawText.count <= maximumTextLength else {
            throw RPCError.invalidParams(field: "text", "longer than \(maximumTextLength) characters")
        }
        guard let from = (try? PhoneNumber(rawFrom))?.e164 else {
            throw RPCError.invalidParams(field: "from", "\"\(rawFrom)\" is not a phone number")
        }
        let text = rawText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw RPCError.invalidParams(field: "text", "is empty") }
        let receivedAt = receivedAt ?? context.now
        let message = InboundSMSRouter.Message(from: from, text: text, receivedAt: receivedAt)
        if let handling = try await context.host.inboundSMS.route(message, context: context) {
            return Outcome(from: from, handling: handling, inboxId: nil)
        }
        let now = context.now
        let practiceId = context.practiceId
        let item = try await context.write { db in
            let item = try InboxStore.insert(from: from, text: text, receivedAt: receivedAt, now: now, practiceId: practiceId, in: db)
            try context.publish("notify.inboxReceived", item.notice, in: db)
            return item
        }
        return Outcome(from: from, handling: nil, inboxId: item.id)
    }
}
