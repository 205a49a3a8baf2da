import Foundation
import JSONRPC
import Kernel
import Logging

/// Takes in one SMS that a gateway's webhook delivered, once per gateway message id, and passes
/// it to `InboundSMSIntake` as `notify.inboundSms` would.
enum InboundWebhook {
    /// Whether the message was handled now, or was a retry of one already taken in.
    enum Taken: Sendable, Equatable { case taken, duplicate }

    /// This process run, named on its claims (`InboundMessageStore.claim`).
    static let run = UUID().uuidString

    /// - Throws: `HTTPRouteError` 400 when the sender or text cannot be an SMS (nothing recorded);
    ///   other errors leave nothing recorded, so that the gateway's retry is handled.
    static func take(
        gateway: String, messageId: String, from: String, text: String,
        fields: [(name: String, value: String)], host: KernelHost, run: String = run
    ) async throws -> Taken {
        let session = Session(transport: .inProcess, role: .integration, actor: "gateway:\(gateway)", sink: { _ in })
        let context = RequestContext(host: host, session: session, requestID: nil, method: "notify.inboundSms")
        let now = context.now
        let practiceId = context.practiceId
        let claimed = try await host.store.write { db in
            try InboundMessageStore.claim(
                gateway: gateway, messageId: messageId, sender: from, fields: fields, receivedAt: now, run: run, practiceId: practiceId, in: db)
        }
        guard claimed else {
            ServerMetrics.inboundSMS(via: gateway, result: "duplicate")
            return .duplicate
        }
        do {
            let outcome = try await InboundSMSIntake.receive(from: from, text: text, receivedAt: now, via: gateway, context: context)
            try await host.store.write { db in
                try InboundMessageStore.record(
                    gateway: gateway, messageId: messageId, handledBy: outcome.handling?.handledBy,
                    inboxId: outcome.inboxId, practiceId: practiceId, in: db)
            }
            host.logger.info("inbound SMS \(gateway) \(messageId): \(outcome.handling?.handledBy ?? "kept in the inbox")")
            return .taken
        } catch {
            try? await host.store.write { db in try InboundMessageStore.release(gateway: gateway, messageId: messageId, practiceId: practiceId, in: db) }
            if let rpc = error as? RPCError, rpc.code == .invalidParams {
                let field = rpc.data?["field"]?.stringValue ?? "message"
                throw HTTPRouteError(400, "\(field): \(rpc.data?["reason"]?.stringValue ?? rpc.message)")
            }
            throw error
        }
    }
}
