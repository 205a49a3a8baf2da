import Foundation
import GRDB
import JSONRPC
import Kernel
import Notify
import Testing

@Suite("A generic gateway's inbound SMS webhook", .serialized)
struct GatewayInboundTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let yaml = """
        notify: {}
        http:
          gateways:
            - {id: smsmode, secret: \(secret), from: data.sender, text: data.message, messageId: data.id}
        """

    func harness() async throws -> (NotifyHarness, HTTPRoute) {
        let document = try ConfigurationDocument(yaml: Self.yaml)
        let gateways = try InboundGateway.load(document)
        #expect(gateways.map(\.id) == ["smsmode"])
        let h = try await NotifyHarness(yaml: Self.yaml)
        let plugin = NotifyPlugin(settings: h.plugin.configuration, inboundGateways: gateways)
        let route = try #require(plugin.httpRoutes(host: h.host).first { $0.path == "/sms/inbound/{gatewayId}" })
        return (h, route)
    }

    func post(
        _ body: String, gateway: String = "smsmode", id: String = "msg_1", secret: String = GatewayInboundTests.secret,
        at: Date = NotifyHarness.t0
    ) -> HTTPRequestData {
        let signer = StandardWebhookSigner(secret: WebhookSecret(secret)!)
        var headers = ["Content-Type": "application/json"]
        for h in signer.headers(id: id, timestamp: at, body: Data(body.utf8)) { headers[h.name] = h.value }
        return HTTPRequestData(
            method: "POST", path: "/sms/inbound/\(gateway)", headers: headers, body: Array(body.utf8),
            parameters: ["gatewayId": gateway], publicURL: "http://x")
    }

    func status(_ route: HTTPRoute, _ request: HTTPRequestData) async -> Int {
        do { return try await route.handler(request).status } catch let e as HTTPRouteError { return e.status } catch { return 500 }
    }

    @Test("a signed message is routed once per message id; unhandled ones are kept in the inbox")
    func routedOnce() async throws {
        let (h, route) = try await harness()
        let body = #"{"data": {"id": "G-77", "sender": "+33639981201", "message": "Merci, bien reçu"}}"#
        #expect(await status(route, post(body)) == 200)
        #expect(await status(route, post(body, id: "msg_retry")) == 200, "the gateway's retry of G-77")
        let items = try await h.call("notify.inbox", role: .secretary)["items"]?.arrayValue ?? []
        #expect(items.map { $0["text"]?.stringValue } == ["Merci, bien reçu"])
        await h.shutdown()
    }

    @Test("a message a stopped run claimed but never handled is handled on the gateway's retry; a handled one is not")
    func claimLeftByAStoppedRun() async throws {
        let (h, route) = try await harness()
        // What a crash between the claim and its outcome leaves: a claim of another run, no outcome.
        let practiceId = h.host.practiceId
        try await h.host.store.write { db in
            for (id, handledBy) in [("G-80", nil), ("G-81", "escalation")] as [(String, String?)] {
                try db.run(
                    """
                    INSERT INTO notify_inbound_message(practiceId, gateway, messageId, sender, fields, receivedAt, handledBy, claimedBy)
                    VALUES (?, 'smsmode', ?, '+33639981201', '[]', 0, ?, 'a-run-that-stopped')
                    """, [practiceId, id, handledBy])
            }
        }
        for id in ["G-80", "G-81"] {
            let body = #"{"data": {"id": "\#(id)", "sender": "+33639981201", "message": "Réponse \#(id)"}}"#
            #expect(await status(route, post(body, id: "msg_\(id)")) == 200)
        }
        let items = try await h.call("notify.inbox", role: .secretary)["items"]?.arrayValue ?? []
        #expect(items.map { $0["text"]?.stringValue } == ["Réponse G-80"], "G-80 taken over, G-81 already handled")
        await h.shutdown()
    }

    @Test("refused: unknown gateway 404, bad or stale signature 403, not JSON or a missing field 400")
    func refused() async throws {
        let (h, route) = try await harness()
        let body = #"{"data": {"id": "G-78", "sender": "+33639981201", "message": "OK"}}"#
        #expect(await status(route, post(body, gateway: "other")) == 404)
        #expect(await status(route, post(body, secret: "whsec_" + Data(repeating: 7, count: 24).base64EncodedString())) == 403)
        #expect(await status(route, post(body, at: NotifyHarness.t0.addingTimeInterval(-3600))) == 403)
        var tampered = post(body)
        tampered = HTTPRequestData(
            method: "POST", path: tampered.path, headers: tampered.headers,
            body: Array(body.replacingOccurrences(of: "OK", with: "KO").utf8),
            parameters: tampered.parameters, publicURL: "http://x")
        #expect(await status(route, tampered) == 403)
        #expect(await status(route, post("not json")) == 400)
        #expect(await status(route, post(#"{"data": {"id": "G-79", "message": "OK"}}"#)) == 400)
        #expect(try await h.call("notify.inbox", role: .secretary)["items"]?.arrayValue?.isEmpty == true)
        await h.shutdown()
    }

    @Test("configuration mistakes are named with their path")
    func configuration() throws {
        let document = try ConfigurationDocument(
            yaml: """
                http:
                  gateways:
                    - {id: a, secret: nope}
                    - {id: b, secret: \(Self.secret), sender: x}
                """)
        do {
            _ = try InboundGateway.load(document)
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("http.gateways[0].secret"))
            #expect(error.description.contains("http.gateways[1].sender"))
        }
    }
}
