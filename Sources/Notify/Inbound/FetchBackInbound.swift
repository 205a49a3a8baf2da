import Foundation
import JSONRPC
import Kernel
import Logging

/// `POST /sms/inbound/{gatewayId}` for a gateway whose callbacks are unsigned (`InboundGateway.fetch`):
/// the callback only names a message id, and the message is read back from the gateway's
/// authenticated API before it goes to `InboundWebhook` (and so to `InboundSMSIntake`).
///
/// A forged callback can only make the server ask the gateway's own API about an id: what is
/// acted on always comes from the authenticated answer.
///
/// Answers: 400 naming `idParameter` when the id is missing or not 1–64 of `A-Z a-z 0-9 _ -`;
/// 200 without fetching when the id was already taken in; 404 when the API does not know the
/// message; 502 when the API fails, times out or answers something unusable (the gateway retries);
/// otherwise 200 `{"received": true}`.
enum FetchBackInbound {
    static func handle(
        _ request: HTTPRequestData, gateway: InboundGateway, fetch: GatewayFetch, client: any HTTPClient,
        host: KernelHost, now: @Sendable () -> Date = { Date() }
    ) async throws -> HTTPResponseData {
        let received = HTTPResponseData.body(200, contentType: "application/json", Array(#"{"received":true}"#.utf8))
        guard let id = callbackId(request, name: gateway.idParameter) else {
            ServerMetrics.inboundSMS(via: gateway.id, result: "invalid")
            throw HTTPRouteError(400, "missing \(gateway.idParameter) (the message id)")
        }
        guard GatewayFetch.isValidId(id) else {
            ServerMetrics.inboundSMS(via: gateway.id, result: "invalid")
            throw HTTPRouteError(400, "\(gateway.idParameter): expected 1 to 64 letters, digits, _ or -")
        }
        let practiceId = host.practiceId
        let known = try await host.store.read { db in
            try InboundMessageStore.contains(gateway: gateway.id, messageId: id, run: InboundWebhook.run, practiceId: practiceId, in: db)
        }
        if known {
            ServerMetrics.inboundSMS(via: gateway.id, result: "duplicate")
            return received
        }
        let message: (json: JSONValue, body: String)
        do {
            message = try await fetched(id: id, fetch: fetch, client: client, timestamp: Int(now().timeIntervalSince1970))
        } catch {
            ServerMetrics.inboundSMS(via: gateway.id, result: "refused")
            host.logger.warning("inbound SMS \(gateway.id) \(id): \(error)")
            throw error
        }
        func unusable(_ reason: String) -> HTTPRouteError {
            ServerMetrics.inboundSMS(via: gateway.id, result: "refused")
            host.logger.warning("inbound SMS \(gateway.id) \(id): \(reason)")
            return HTTPRouteError(502, reason)
        }
        func field(_ path: String, _ name: String) throws -> String {
            guard let v = InboundGateway.value(at: path, in: message.json), !v.isEmpty else {
                throw unusable("the fetched message has no \(path) (\(name))")
            }
            return v
        }
        if let path = gateway.messageId, try field(path, "messageId") != id {
            throw unusable("the API answered about another message than \(id)")
        }
        _ = try await InboundWebhook.take(
            gateway: gateway.id, messageId: id, from: try field(gateway.from, "from"),
            text: InboundGateway.value(at: gateway.text, in: message.json) ?? "",
            fields: [("json", message.body)], host: host)
        return received
    }

    /// The message id at `name`: in the query string, else a form body, else a JSON body (a dotted path).
    static func callbackId(_ request: HTTPRequestData, name: String) -> String? {
        if let v = FormURLEncoding.decode(request.query).first(where: { $0.name == name })?.value { return v }
        guard !request.body.isEmpty else { return nil }
        if request.header("Content-Type")?.lowercased().hasPrefix(FormURLEncoding.contentType) == true {
            return String(validating: request.body, as: UTF8.self).flatMap { body in
                FormURLEncoding.decode(body).first(where: { $0.name == name })?.value
            }
        }
        guard let json = try? JSONParser.parse(request.body) else { return nil }
        return InboundGateway.value(at: name, in: json)
    }

    /// The message as the API gives it; `HTTPRouteError` 404 when it is unknown there, 502 otherwise.
    static func fetched(id: String, fetch: GatewayFetch, client: any HTTPClient, timestamp: Int) async throws -> (json: JSONValue, body: String) {
        let response: HTTPResponse
        do {
            response = try await client.send(fetch.request(id: id, timestamp: timestamp))
        } catch let error as HTTPClientError {
            throw HTTPRouteError(502, "the gateway's API did not answer: \(error)")
        }
        switch response.status {
        case 200..<300: break
        case 404: throw HTTPRouteError(404, "unknown message \(id)")
        default: throw HTTPRouteError(502, "the gateway's API answered \(response.status)")
        }
        guard let json = try? JSONParser.parse(Array(response.body)), case .object = json else {
            throw HTTPRouteError(502, "the gateway's API did not answer a JSON object")
        }
        return (json, response.bodyText)
    }
}
