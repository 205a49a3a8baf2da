import Foundation
import JSONRPC
import Kernel
import Notify
import Testing

/// SMS through the outbox to a real gateway on loopback, and the example practice's texts.
@Suite("SMS delivery and texts", .serialized)
struct NotifySMSTests {
    @Test("the Twilio-compatible request is exactly what the Messages API expects")
    func twilioRequest() async throws {
        let receiver = try WebhookReceiver(secrets: [])
        let yaml = """
            practice: {name: Maison de santé des Tilleuls, shortName: MSP Tilleuls}
            notify:
              sms:
                provider: twilio
                accountSid: AC0123456789abcdef0123456789abcdef
                authToken: s3cr3t
                from: "+33700000001"
                baseUrl: \(receiver.baseURL)
            """
        let h = try await NotifyHarness(yaml: yaml)
        let test = try await h.call("notify.test", ["channel": "sms", "to": "06 12 34 56 78"])
        #expect(test["destination"]?.stringValue == "+33612345678")
        try await h.settle()
        let request = try #require(try await receiver.waitFor(1).first)
        #expect(request.method == "POST")
        #expect(request.path == "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json")
        #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
        #expect(request.headers["authorization"] == "Basic " + Data("AC0123456789abcdef0123456789abcdef:s3cr3t".utf8).base64EncodedString())
        #expect(request.headers["accept"] == "application/json")
        let text = "MSP Tilleuls : SMS de test de Permanence, aucune action requise."
        #expect(request.body == "To=%2B33612345678&From=%2B33700000001&Body=" + FormURLEncoding.encode(text))
        // Decoded by Python's own form parser, the fields are the ones Twilio reads.
        let parsed = try PythonProcess.run(
            script: """
                import sys, json, urllib.parse
                print(json.dumps(dict(urllib.parse.parse_qsl(sys.stdin.read(), strict_parsing=True))))
                """, stdin: Data(request.body.utf8))
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: String])
        #expect(fields == ["To": "+33612345678", "From": "+33700000001", "Body": text])
        #expect(try await h.call("notify.get", ["id": test["id"]!])["message"]?["status"]?.stringValue == "delivered")
        await h.shutdown()
        receiver.stop()
    }

    @Test("the example practice's HTTP gateway template: JSON body, token header, GSM-7 text")
    func templateGateway() async throws {
        let receiver = try WebhookReceiver(secrets: [])
        let yaml = ExamplePracticeText.yaml.replacingOccurrences(of: "http://127.0.0.1:9/sms/send", with: receiver.baseURL + "/sms/send")
        let h = try await NotifyHarness(yaml: yaml)
        let id = try await h.enqueue(
            Outbox.Item(
                channel: "sms", destination: "+33612345678", event: "escalation.page",
                payload: "MSP Tilleuls : appel urgent à 22h47. Rappeler le 01 45 67 89 10. Répondez OK 4821 pour confirmer.",
                urgency: .urgent, reference: "inc_1"))
        try await h.settle()
        let request = try #require(try await receiver.waitFor(1).first)
        #expect(request.path == "/sms/send")
        let token = ProcessInfo.processInfo.environment["PERMANENCE_SMS_TOKEN"] ?? "example-token"
        #expect(request.headers["authorization"] == "Bearer " + token)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: String])
        #expect(body["to"] == "+33612345678")
        #expect(body["from"] == "MSPTILLEULS")
        #expect(body["text"] == "MSP Tilleuls : appel urgent à 22h47. Rappeler le 01 45 67 89 10. Répondez OK 4821 pour confirmer.")
        #expect(SMSText(body["text"] ?? "").encoding == .gsm7)
        #expect(try await h.call("notify.get", ["id": .string(String(id))])["message"]?["status"]?.stringValue == "delivered")
        await h.shutdown()
        receiver.stop()
    }

    @Test(
        "every French alert text of the example practice fits one GSM-7 segment with realistic values",
        arguments: ["oncall", "urgentMessage", "reminder", "repeatCaller", "acknowledged"])
    func exampleAlertFitsOneSegment(template: String) throws {
        let document = try ConfigurationDocument(yaml: ExamplePracticeText.yaml)
        let raw = try #require(document.root["messaging"]?["sms"]?[template]?.stringValue)
        let shortName = try #require(document.root["practice"]?["shortName"]?.stringValue)
        // The longest realistic values: the short name, a 10-digit number written with spaces, a 4-digit code.
        let values = ["{practice}": shortName, "{code}": "4821", "{callback}": "01 45 67 89 10", "{time}": "23h59", "{step}": "3"]
        var text = raw
        for (k, v) in values { text = text.replacingOccurrences(of: k, with: v) }
        #expect(!text.contains("{"), "unfilled placeholder in \(template)")
        let sms = SMSText(text)
        #expect(sms.encoding == .gsm7, "\(template) needs UCS-2: \(sms.text)")
        #expect(sms.segmentCount == 1, "\(template) is \(sms.units) septets")
    }

    @Test(
        "the test SMS text is checked at load like every SMS template",
        arguments: [
            ("{practice} : SMS de test, ça marche.", "characters outside the GSM-7 alphabet: \"ç\""),
            ("{practice} : " + String(repeating: "x", count: 150), "165 characters"),
            ("{practice} : SMS de test, réf. « essai »…", nil)
        ] as [(String, String?)])
    func testTextIsChecked(text: String, fragment: String?) throws {
        let yaml = ExamplePracticeText.yaml.replacingOccurrences(of: "    from: MSPTILLEULS", with: "    testText: \"\(text)\"\n    from: MSPTILLEULS")
        let document = try ConfigurationDocument(yaml: yaml)
        guard let fragment else {
            #expect(try NotifyConfiguration(document: document).testSMSText == text)
            return
        }
        let error = try #require(throws: ConfigurationError.self) { try NotifyConfiguration(document: document) }
        let issue = try #require(error.issues.first { $0.path == "notify.sms.testText" }, "\(error.issues)")
        #expect(issue.message.contains(fragment), "\(issue.message)")
        #expect(issue.line != nil)
    }

    @Test(
        "phone numbers are normalised to E.164",
        arguments: [
            ("06 12 34 56 78", "+33612345678"), ("+33 6 12 34 56 78", "+33612345678"), ("0033612345678", "+33612345678"),
            ("+33 (0)6 12 34 56 78", "+33612345678"), ("06.12.34.56.78", "+33612345678"), ("+44 20 7946 0958", "+442079460958")
        ])
    func e164(raw: String, expected: String) {
        #expect((try? PhoneNumber(raw))?.e164 == expected)
    }

    @Test("bad phone numbers are refused", arguments: ["06 12 34 56 7", "612345678", "+33 6 12 34 56 78 90", "abc", "", "+0612345678"])
    func e164Refused(raw: String) {
        #expect((try? PhoneNumber(raw))?.e164 == nil)
    }
}

/// The bundled example practice, read from its Swift source (NotifyTests does not link Practice).
enum ExamplePracticeText {
    static let yaml: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let source = (try? String(contentsOf: root.appendingPathComponent("Sources/Practice/ExamplePractice.swift"), encoding: .utf8)) ?? ""
        guard let start = source.range(of: "#\"\"\"\n"), let end = source.range(of: "\"\"\"#", options: .backwards) else { return "" }
        return String(source[start.upperBound..<end.lowerBound])
    }()
}
