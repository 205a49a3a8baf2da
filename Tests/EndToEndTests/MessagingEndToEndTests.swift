import Foundation
import JSONRPC
import Testing

/// Messaging through the built executable over TCP, with Notify delivering to a loopback SMS
/// gateway and a loopback practice webhook.
@Suite(.serialized) struct MessagingEndToEndTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    /// The example practice with its SMS gateway and webhooks pointed at `receiver`.
    static func configuration(receiver: HTTPReceiver) throws -> String {
        let example = try Executable.run(["config", "example"])
        guard example.status == 0 else { throw HarnessError("config example failed: \(example.stderr)") }
        #expect(example.stdout.contains(secret), "the example's webhook secret changed")
        return example.stdout.replacingOccurrences(of: "http://127.0.0.1:9/", with: receiver.baseURL + "/")
    }

    /// Checks a Standard Webhooks signature: `v1,base64(HMAC-SHA256(key, "id.timestamp.body"))`.
    static func signatureIsValid(_ request: HTTPReceiver.Received, secret: String) -> Bool {
        guard let id = request.headers["webhook-id"], let timestamp = request.headers["webhook-timestamp"],
            let header = request.headers["webhook-signature"],
            let key = Data(base64Encoded: String(secret.dropFirst("whsec_".count)))
        else { return false }
        let expected = Data(MessagingHMAC.hmacSHA256(key: Array(key), message: Array("\(id).\(timestamp).\(request.body)".utf8)))
            .base64EncodedString()
        return header.split(separator: " ").contains { $0 == "v1,\(expected)" }
    }

    @Test func hmacMatchesTheRFC4231Vector() {
        // RFC 4231 test case 2.
        let mac = MessagingHMAC.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(mac.map { String(format: "%02x", $0) }.joined() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func urgentRenewalReachesTheSMSGatewayAndNormalMessageTheSignedWebhook() throws {
        let receiver = try HTTPReceiver()
        defer { receiver.stop() }
        let server = try ServerProcess.tcp(config: try Self.configuration(receiver: receiver))
        defer { server.stop() }
        let client = try server.client(role: "secretary")
        let moreau = try #require(
            try client.result(
                "patients.create",
                [
                    "lastName": "Moreau", "firstName": "Jeanne", "birthDate": "1951-06-02", "phone": "06 11 22 33 44"
                ])["id"]?.stringValue)
        let dupont = try #require(
            try client.result(
                "patients.create",
                [
                    "lastName": "Dupont", "firstName": "Marc", "birthDate": "1978-11-20", "phone": "06 12 34 56 78"
                ])["id"]?.stringValue)

        // An essential treatment out of stock: the prescriber is paged by SMS.
        let renewal = try client.result(
            "messaging.prescriptionRenewal",
            [
                "patientId": .string(moreau), "medications": [["name": "Insuline glargine", "essential": true]], "stock": "out",
                "callbackNumber": "06 11 22 33 44", "practitionerId": "dr-benali"
            ])
        #expect(renewal["urgentPath"] == "sms")
        let code = try #require(renewal["message"]?["code"]?.stringValue)
        let sms = try receiver.waitFor { $0.path == "/sms/send" }
        #expect(sms.method == "POST")
        let smsBody = try JSONParser.parse(sms.body)
        #expect(smsBody["to"] == "+33639981202")
        #expect(smsBody["from"] == "MSPTILLEULS")
        let text = try #require(smsBody["text"]?.stringValue)
        #expect(text.contains(code))
        #expect(text.contains("06 11 22 33 44"))
        #expect(!text.contains("Insuline"))
        #expect(text.count <= 160)

        // A normal message: the practice's software gets a signed messaging.received webhook.
        let taken = try client.result(
            "messaging.take",
            [
                "patientId": .string(dupont), "category": "appointment", "text": "Souhaite déplacer son rendez-vous de jeudi.",
                "callbackNumber": "06 12 34 56 78", "urgency": "normal"
            ])
        let id = try #require(taken["message"]?["id"]?.stringValue)
        let hook = try receiver.waitFor { request in
            request.path == "/hooks/permanence" && (try? JSONParser.parse(request.body))?["data"]?["id"]?.stringValue == id
        }
        #expect(hook.method == "POST")
        let body = try JSONParser.parse(hook.body)
        #expect(body["type"] == "messaging.received")
        #expect(body["data"]?["urgency"] == "normal")
        #expect(hook.headers["webhook-id"] != nil)
        #expect(Self.signatureIsValid(hook, secret: Self.secret), "bad signature: \(hook.headers)")
        // A tampered body would not verify.
        let tampered = HTTPReceiver.Received(at: hook.at, method: hook.method, path: hook.path, headers: hook.headers, body: hook.body + " ")
        #expect(!Self.signatureIsValid(tampered, secret: Self.secret))
        // The on-call endpoint is not subscribed to messaging events.
        #expect(!receiver.received.contains { $0.path == "/hooks/astreinte" && $0.body.contains("messaging.received") })

        // The callback queue over the same connection.
        let queue = try client.result("messaging.list", [:])
        #expect(queue["count"] == 2)
    }
}
