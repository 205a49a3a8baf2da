import Foundation
import JSONRPC
import Kernel
import Notify
import Synchronization
import Testing

private struct PythonFailure: Error { let message: String }

/// Twilio's request signature computed the documented way, written out apart from the server's.
private func twilioSignature(url: String, fields: [(String, String)], token: String) throws -> String {
    let script = """
        import base64, hashlib, hmac, sys, json
        url, token, fields = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
        data = url + "".join(k + v for k, v in sorted(fields))
        print(base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode())
        """
    let json = "[" + fields.map { "[\(JSONWriter.string(.string($0.0))), \(JSONWriter.string(.string($0.1)))]" }.joined(separator: ",") + "]"
    let out = try PythonProcess.run(script: script, arguments: [url, token, json])
    guard out.status == 0 else { throw PythonFailure(message: out.stderr) }
    return out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}

private func form(_ fields: [(String, String)]) -> [UInt8] {
    Array(fields.map { FormURLEncoding.encode($0.0) + "=" + FormURLEncoding.encode($0.1) }.joined(separator: "&").utf8)
}

@Suite("Twilio's inbound SMS webhook", .serialized)
struct TwilioWebhookTests {
    static let yaml = """
        notify:
          sms: {provider: twilio, accountSid: AC123, authToken: tok-secret, from: "+33700000000"}
        """
    static let base = "https://permanence.example.fr"

    func request(_ fields: [(String, String)], signature: String?) -> HTTPRequestData {
        var headers = ["Content-Type": "application/x-www-form-urlencoded"]
        if let signature { headers["X-Twilio-Signature"] = signature }
        return HTTPRequestData(method: "POST", path: "/sms/twilio", headers: headers, body: form(fields), publicURL: Self.base)
    }

    func route(_ h: NotifyHarness) throws -> HTTPRoute {
        try #require(h.plugin.httpRoutes(host: h.host).first { $0.path == "/sms/twilio" && $0.method == "POST" })
    }

    @Test("a signed reply goes through the router once; the same MessageSid again is acknowledged and ignored")
    func signedOnce() async throws {
        let h = try await NotifyHarness(yaml: Self.yaml)
        let seen = Counter()
        h.host.inboundSMS.register { message, _ in
            seen.add()
            return message.text == "OK 4821" ? .init(handledBy: "escalation", summary: "acknowledged") : nil
        }
        let fields = [("MessageSid", "SM0001"), ("From", "+33639981201"), ("To", "+33700000000"), ("Body", "OK 4821"), ("NumMedia", "0")]
        let signature = try twilioSignature(url: Self.base + "/sms/twilio", fields: fields, token: "tok-secret")
        let route = try route(h)
        for _ in 0..<2 {
            let answer = try await route.handler(request(fields, signature: signature))
            #expect(answer.status == 200)
            #expect(answer.headers.contains { $0.name == "Content-Type" && $0.value == "text/xml" })
            #expect(String(decoding: answer.body, as: UTF8.self).hasSuffix("<Response/>"))
        }
        #expect(seen.value == 1)
        await h.shutdown()
    }

    @Test("the URL signed with the default port is accepted too")
    func defaultPort() async throws {
        let h = try await NotifyHarness(yaml: Self.yaml)
        let fields = [("MessageSid", "SM0002"), ("From", "+33639981201"), ("Body", "Bonjour")]
        let signature = try twilioSignature(url: "https://permanence.example.fr:443/sms/twilio", fields: fields, token: "tok-secret")
        let answer = try await route(h).handler(request(fields, signature: signature))
        #expect(answer.status == 200)
        let inbox = try await h.call("notify.inbox", role: .secretary)
        #expect(inbox["items"]?.arrayValue?.first?["text"] == "Bonjour", "an unhandled reply is kept for a secretary")
        await h.shutdown()
    }

    @Test(
        "a missing, wrong or stale signature is 403 and nothing is handled",
        arguments: [nil, "AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "signed-with-another-token", "signed-over-other-fields"])
    func refused(kind: String?) async throws {
        let h = try await NotifyHarness(yaml: Self.yaml)
        let seen = Counter()
        h.host.inboundSMS.register { _, _ in
            seen.add()
            return nil
        }
        let fields = [("MessageSid", "SM0003"), ("From", "+33639981201"), ("Body", "OK 4821")]
        var signature = kind
        if kind == "signed-with-another-token" {
            signature = try twilioSignature(url: Self.base + "/sms/twilio", fields: fields, token: "other")
        } else if kind == "signed-over-other-fields" {
            signature = try twilioSignature(url: Self.base + "/sms/twilio", fields: fields + [("Extra", "1")], token: "tok-secret")
        }
        await #expect(throws: HTTPRouteError.self) { _ = try await route(h).handler(request(fields, signature: signature)) }
        do { _ = try await route(h).handler(request(fields, signature: signature)) } catch let e as HTTPRouteError { #expect(e.status == 403) }
        #expect(seen.value == 0)
        #expect(try await h.call("notify.inbox", role: .secretary)["items"]?.arrayValue?.isEmpty == true)
        await h.shutdown()
    }

    @Test("a signed post without From is 400 naming the field")
    func missingField() async throws {
        let h = try await NotifyHarness(yaml: Self.yaml)
        let bad = [("MessageSid", "SM0004"), ("Body", "OK")]
        let signature = try twilioSignature(url: Self.base + "/sms/twilio", fields: bad, token: "tok-secret")
        do {
            _ = try await route(h).handler(request(bad, signature: signature))
            Issue.record("accepted without From")
        } catch let e as HTTPRouteError {
            #expect(e.status == 400)
            #expect(e.reason.contains("From"))
        }
        await h.shutdown()
    }
}

private final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
