import Foundation
import JSONRPC
import Kernel

/// `notify.test`: enqueues a test SMS to a phone number, or a test event to a webhook endpoint.
struct NotifyTestMethod: RPCMethod {
    enum Channel: String, Decodable, Sendable, CaseIterable { case sms, webhook }
    struct Params: Decodable, Sendable {
        let channel: Channel
        let to: String
        let urgency: Outbox.Urgency?
    }
    static let name = "notify.test"
    static let summary = "Enqueues a test SMS (to a phone number) or a signed test webhook (to an endpoint id)."
    static let role = Role.staff
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("channel", .oneOf(Channel.allCases.map(\.rawValue))), required("to", .string, "E.164 / French number, or a notify.webhooks id"),
        optional("urgency", .oneOf(["urgent", "normal"]), "default normal")
    ])
    static let resultSchema = MessageSchemas.message
    let configuration: NotifyConfiguration
    let endpoints: EndpointStates

    func handle(_ p: Params, context: RequestContext) async throws -> OutboxMessage {
        let practiceId = context.practiceId
        let urgency = p.urgency ?? .normal
        let now = context.now
        let item: Outbox.Item
        switch p.channel {
        case .sms:
            guard configuration.sms != nil else { throw RPCError.unprocessable(field: "channel", "no SMS gateway is configured (notify.sms)") }
            guard let to = (try? PhoneNumber(p.to))?.e164 else { throw RPCError.invalidParams(field: "to", "\"\(p.to)\" is not a phone number") }
            let text = configuration.testSMSText.replacingOccurrences(of: "{practice}", with: configuration.practiceName)
            item = Outbox.Item(
                channel: "sms", destination: to, event: "notify.test", payload: SMSText(text).text, urgency: urgency,
                reference: "test")
        case .webhook:
            guard let endpoint = configuration.endpoint(p.to) else {
                throw RPCError.notFound("webhook endpoint \(p.to)", field: "to")
            }
            if let reason = endpoints.disabledReason(endpoint.id) {
                throw RPCError.unprocessable(field: "to", "endpoint \(endpoint.id) is disabled: \(reason)")
            }
            var data = JSONObject()
            data["message"] = "Test de notification Permanence"
            data["endpoint"] = .string(endpoint.id)
            data["requestedBy"] = .string(context.actor)
            var body = JSONObject()
            body["type"] = "notify.test"
            body["timestamp"] = .string(RFC3339.format(now, in: context.host.timeZone))
            body["data"] = .object(data)
            item = Outbox.Item(
                channel: "webhook", destination: endpoint.id, event: "notify.test",
                payload: JSONWriter.string(.object(body)), urgency: urgency, reference: "test")
        }
        return try await context.write { db in
            let id = try Outbox.enqueue(item, practiceId: practiceId, in: db, now: now)
            guard let m = try OutboxStore.message(String(id), practiceId: practiceId, in: db) else { throw RPCError.internalError("outbox row vanished") }
            return m
        }
    }
}
