import Foundation
import Notify
import Testing

@Suite("Standard Webhooks signing and verification")
struct StandardWebhookSignerTests {
    static let specSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let specID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let specTimestamp = 1_614_265_330
    static let specBody = Data(#"{"test": 2432232314}"#.utf8)
    static let specSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

    @Test("the specification's test vector")
    func specVector() throws {
        let signer = StandardWebhookSigner(secret: try #require(WebhookSecret(Self.specSecret)))
        #expect(signer.signature(id: Self.specID, timestamp: Self.specTimestamp, body: Self.specBody) == Self.specSignature)
        let headers = signer.headers(id: Self.specID, timestamp: Date(timeIntervalSince1970: 1_614_265_330.9), body: Self.specBody)
        #expect(
            headers == [
                HTTPHeader("webhook-id", Self.specID),
                HTTPHeader("webhook-timestamp", "1614265330"),
                HTTPHeader("webhook-signature", Self.specSignature)
            ])
    }

    @Test("a rotation signs with every secret, and each receiver accepts")
    func rotation() throws {
        let old = try #require(WebhookSecret(Self.specSecret))
        let new = WebhookSecret.generate()
        let signer = StandardWebhookSigner(secrets: [new, old])
        let now = Date(timeIntervalSince1970: TimeInterval(Self.specTimestamp))
        let request = signer.request(url: "https://example.test/hook", id: Self.specID, timestamp: now, body: Self.specBody)
        let signatures = try #require(request.headers.value(for: "webhook-signature")).split(separator: " ")
        #expect(signatures.count == 2)
        #expect(signatures.allSatisfy { $0.hasPrefix("v1,") })
        #expect(signatures.last.map(String.init) == Self.specSignature)
        #expect(request.method == "POST")
        #expect(request.headers.value(for: "Content-Type") == "application/json")
        for secret in [old, new] {
            try StandardWebhookVerifier(secrets: [secret]).verify(headers: request.headers, body: request.body, now: now)
        }
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try StandardWebhookVerifier(secrets: [WebhookSecret.generate()])
                .verify(headers: request.headers, body: request.body, now: now)
        }
    }

    @Test(
        "secrets parse with or without the prefix, and reject bad base64",
        arguments: [
            (StandardWebhookSignerTests.specSecret, true), ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true), ("whsec_!!!", false), ("whsec_", false)
        ])
    func secretParsing(text: String, valid: Bool) {
        #expect((WebhookSecret(text) != nil) == valid)
    }

    @Test("a generated secret round-trips through its whsec_ form")
    func generatedSecret() throws {
        let secret = WebhookSecret.generate()
        #expect(secret.encoded.hasPrefix("whsec_"))
        let parsed = try #require(WebhookSecret(secret.encoded))
        #expect(parsed.encoded == secret.encoded)
        #expect(!"\(secret)".contains(secret.encoded.dropFirst(6)))
    }

    enum Tamper: String, CaseIterable {
        case body, id, timestamp, stale, future, missingSignature, garbageSignature
    }

    @Test("the verifier rejects what was not signed, or not now", arguments: Tamper.allCases)
    func verifierRejects(tamper: Tamper) throws {
        let secret = try #require(WebhookSecret(Self.specSecret))
        let now = Date(timeIntervalSince1970: TimeInterval(Self.specTimestamp))
        var headers = StandardWebhookSigner(secret: secret).headers(id: Self.specID, timestamp: now, body: Self.specBody)
        var body = Self.specBody
        var checkTime = now
        let expected: WebhookVerificationError
        switch tamper {
        case .body:
            body = Data(#"{"test": 2432232315}"#.utf8)
            expected = .noMatchingSignature
        case .id:
            headers[0].value = "msg_other"
            expected = .noMatchingSignature
        case .timestamp:
            headers[1].value = "1614265331"
            expected = .noMatchingSignature
        case .stale:
            checkTime = now.addingTimeInterval(301)
            expected = .timestampOutOfTolerance
        case .future:
            checkTime = now.addingTimeInterval(-301)
            expected = .timestampOutOfTolerance
        case .missingSignature:
            headers.removeLast()
            expected = .missingHeader("webhook-signature")
        case .garbageSignature:
            headers[2].value = "v2,abc v1,!!! v1,AAAA"
            expected = .noMatchingSignature
        }
        #expect(throws: expected) {
            try StandardWebhookVerifier(secrets: [secret]).verify(headers: headers, body: body, now: checkTime)
        }
    }

    /// Checks our signatures with the `standardwebhooks` Python package when it is installed,
    /// else with Python's own hmac, hashlib and base64; and our verifier with Python's signature.
    @Test("an independent Python implementation agrees")
    func pythonAgrees() throws {
        let secret = WebhookSecret.generate()
        let id = "msg_\(UUID().uuidString)"
        let now = Date()
        let body = Data(#"{"type": "escalation.raised", "data": {"incident": "inc-42", "texte": "éàç €"}}"#.utf8)
        let signer = StandardWebhookSigner(secrets: [WebhookSecret.generate(), secret])
        let headers = signer.headers(id: id, timestamp: now, body: body)
        let input: [String: String] = [
            "secret": secret.encoded, "id": id,
            "timestamp": try #require(headers.value(for: "webhook-timestamp")),
            "signature": try #require(headers.value(for: "webhook-signature")),
            "body": String(decoding: body, as: UTF8.self)
        ]
        let output = try PythonProcess.run(script: Self.pythonVerifier, stdin: try JSONSerialization.data(withJSONObject: input))
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("verified ") == true, "\(output.stdout) \(output.stderr)")
        let pythonSignature = try #require(lines.last)
        #expect(pythonSignature.hasPrefix("v1,"))
        var pythonHeaders = headers
        pythonHeaders[2].value = pythonSignature
        try StandardWebhookVerifier(secrets: [secret]).verify(headers: pythonHeaders, body: body, now: now)
    }

    static let pythonVerifier = #"""
        import base64, hashlib, hmac, json, sys
        m = json.load(sys.stdin)
        try:
            from standardwebhooks.webhooks import Webhook
            from datetime import datetime, timezone
            wh = Webhook(m["secret"])
            wh.verify(m["body"].encode(), {"webhook-id": m["id"], "webhook-timestamp": m["timestamp"],
                                           "webhook-signature": m["signature"]})
            print("verified standardwebhooks")
            print(wh.sign(m["id"], datetime.fromtimestamp(int(m["timestamp"]), tz=timezone.utc), m["body"]))
        except ImportError:
            key = base64.b64decode(m["secret"][len("whsec_"):])
            content = (m["id"] + "." + m["timestamp"] + "." + m["body"]).encode()
            expected = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
            given = [s.split(",", 1)[1] for s in m["signature"].split(" ") if s.startswith("v1,")]
            if not any(hmac.compare_digest(expected, g) for g in given):
                sys.exit("no matching signature")
            print("verified stdlib")
            print("v1," + expected)
        """#
}
