import Foundation
import JSONRPC
import Kernel

/// `POST /sms/inbound/{gatewayId}`: an inbound SMS from a configured generic gateway
/// (`InboundGateway`), as JSON signed the Standard Webhooks way, or, for a gateway with `fetch`,
/// an unsigned callback naming a message that is fetched back from the gateway's API
/// (`FetchBackInbound`, through `client`).
///
/// Unknown gateway: 404. Missing, stale or wrong signature: 403 and nothing handled. Not JSON, or
/// a mapped field missing: 400 naming it. Otherwise 200 `{"received": true}` (also for a retry,
/// which is not handled twice).
enum GatewayInboundRoute {
    static func route(host: KernelHost, gateways: [InboundGateway], client: any HTTPClient) -> HTTPRoute {
        HTTPRoute(
            "POST", "/sms/inbound/{gatewayId}",
            summary: "A generic SMS gateway's inbound message (JSON, Standard Webhooks signature; or an unsigned id fetched back from the gateway's API)"
        ) { request in
            let id = request.parameters["gatewayId"] ?? ""
            guard let gateway = gateways.first(where: { $0.id == id }) else { throw HTTPRouteError(404, "unknown gateway \"\(id)\"") }
            if let fetch = gateway.fetch {
                return try await FetchBackInbound.handle(request, gateway: gateway, fetch: fetch, client: client, host: host)
            }
            let headers = request.headers.map { HTTPHeader($0.key, $0.value) }
            do {
                try StandardWebhookVerifier(secrets: gateway.secrets).verify(headers: headers, body: Data(request.body), now: host.clock.now())
            } catch {
                ServerMetrics.inboundSMS(via: gateway.id, result: "refused")
                throw HTTPRouteError(403, "signature refused: \(error)")
            }
            let json: JSONValue
            do { json = try JSONParser.parse(request.body) } catch { throw HTTPRouteError(400, "body is not JSON: \(error)") }
            func field(_ path: String, _ name: String) throws -> String {
                guard let v = InboundGateway.value(at: path, in: json), !v.isEmpty else { throw HTTPRouteError(400, "missing \(path) (\(name))") }
                return v
            }
            let messageId = try gateway.messageId.map { try field($0, "messageId") } ?? request.header("webhook-id") ?? ""
            _ = try await InboundWebhook.take(
                gateway: gateway.id, messageId: messageId, from: try field(gateway.from, "from"),
                text: InboundGateway.value(at: gateway.text, in: json) ?? "",
                fields: [("json", String(decoding: request.body, as: UTF8.self))], host: host)
            return .body(200, contentType: "application/json", Array(#"{"received":true}"#.utf8))
        }
    }
}
