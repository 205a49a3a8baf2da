import Foundation
import JSONRPC
import PermanenceTesting
import Testing

/// One HTTP exchange as seen by a client written apart from the server (Python's standard library).
private struct HTTPAnswer {
    let status: Int
    /// Lower-case names.
    let headers: [String: String]
    let body: String
}

private let httpScript = """
    import json, sys, urllib.request, urllib.error
    spec = json.loads(sys.argv[1])
    req = urllib.request.Request(spec["url"], data=spec["body"].encode() if spec["body"] is not None else None,
                                 method=spec["method"], headers=spec["headers"])
    try:
        r = urllib.request.urlopen(req, timeout=20)
        status, headers, body = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        status, headers, body = e.code, e.headers, e.read()
    print(json.dumps({"status": status, "headers": {k.lower(): v for k, v in headers.items()}, "body": body.decode("utf-8", "replace")}))
    """

private func http(_ method: String, _ url: String, headers: [String: String] = [:], body: String? = nil) throws -> HTTPAnswer {
    let spec: JSONValue = [
        "method": .string(method), "url": .string(url),
        "headers": .object(JSONObject(headers.map { ($0.key, JSONValue.string($0.value)) })),
        "body": body.map(JSONValue.string) ?? .null
    ]
    let out = try Executable.python(httpScript, arguments: [JSONWriter.string(spec)])
    let v = try JSONParser.parse(Array(out.utf8))
    var h: [String: String] = [:]
    if case .object(let o)? = v["headers"] { for (k, value) in o { h[k] = value.stringValue } }
    return HTTPAnswer(status: Int(v["status"]?.doubleValue ?? 0), headers: h, body: v["body"]?.stringValue ?? "")
}

/// Twilio's documented signature: HMAC-SHA1 with the auth token over the URL then each parameter
/// name and value sorted by name, base64; and the form body Twilio posts.
private func twilioPost(_ fields: [(String, String)], url: String, token: String) throws -> (body: String, signature: String) {
    let script = """
        import base64, hashlib, hmac, json, sys, urllib.parse
        url, token, fields = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
        data = url + "".join(k + v for k, v in sorted(fields))
        sig = base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()
        print(json.dumps({"body": urllib.parse.urlencode([tuple(f) for f in fields]), "signature": sig}))
        """
    let json = JSONWriter.string(.array(fields.map { .array([.string($0.0), .string($0.1)]) }))
    let v = try JSONParser.parse(Array(try Executable.python(script, arguments: [url, token, json]).utf8))
    return (v["body"]?.stringValue ?? "", v["signature"]?.stringValue ?? "")
}

private func result(_ response: JSONValue) throws -> JSONValue {
    if let error = response["error"] { throw HarnessError("RPC error: \(JSONWriter.string(error))") }
    return response["result"] ?? .null
}

private let publicURL = "https://permanence.example.fr"
private let authToken = "tok-e2e-secret"
private let martin = "+33639981201"

/// The example practice, SMS to a loopback gateway, and an `http` section (`extraHTTP`: more of
/// its keys, indented by two spaces).
private func edgeConfig(gatewayPort: Int, extraHTTP: String = "") throws -> String {
    try escalationConfig(
        gatewayPort: gatewayPort,
        extraSections: """
            http:
              publicUrl: \(publicURL)
              maxBodyBytes: 4096
              headerTimeoutSeconds: 1
              twilio: {authToken: \(authToken)}
            \(extraHTTP)

            """)
}

/// A server with its HTTP edge on a free loopback port.
private func startServer(gateway: HTTPReceiver, clock: String = "2026-03-10T22:00:00+01:00", extraHTTP: String = "") throws -> (ServerProcess, String) {
    let server = try ServerProcess.tcp(
        config: try edgeConfig(gatewayPort: gateway.port, extraHTTP: extraHTTP), clock: clock,
        extraArgs: ["--http", "127.0.0.1:0"])
    let line = try server.waitForLog(containing: "HTTP edge on")
    guard let port = line.split(separator: ":").last.map(String.init) else { throw HarnessError("no HTTP port in \(line)") }
    return (server, "http://127.0.0.1:\(port)")
}

/// The same practice sending through a Twilio-compatible API (the loopback gateway answers each
/// message with a sid `SM<n>`), so that delivery receipts come back to the edge.
private func twilioSenderConfig(gatewayPort: Int) throws -> String {
    var yaml = try edgeConfig(gatewayPort: gatewayPort)
    guard let start = yaml.range(of: "\nnotify:\n"), let end = yaml.range(of: "\nhttp:\n") else { throw HarnessError("no notify section") }
    yaml.replaceSubrange(
        start.lowerBound..<end.lowerBound,
        with: """

            notify:
              sms: {provider: twilio, accountSid: AC123, authToken: \(authToken), from: "+33700000000", baseUrl: "http://127.0.0.1:\(gatewayPort)"}
              webhooks: []
            """)
    return yaml
}

@Suite("HTTP edge end to end", .serialized)
struct HTTPEdgeEndToEndTests {
    @Test("a signed Twilio reply acknowledges a live escalation once; a replay is ignored; a wrong signature is 403 and changes nothing")
    func twilioAcknowledges() throws {
        let gateway = try HTTPReceiver()
        defer { gateway.stop() }
        let (server, base) = try startServer(gateway: gateway)
        defer { server.stop() }
        let client = try server.client(role: "admin")
        let raised = try result(client.call("escalation.raise", ["caller": "+33612345678", "reason": "Malaise", "urgency": "urgent"]))
        let id = try #require(raised["incident"]?["id"])
        let code = try #require(raised["incident"]?["code"]?.stringValue)
        #expect(gateway.waitFor(count: 1, seconds: 30).count == 1)

        // A forged reply: right form, signed with another token → 403, the incident stays open.
        let fields = [
            ("MessageSid", "SM7e2e0001"), ("AccountSid", "AC123"), ("From", martin), ("To", "+33700000000"),
            ("Body", "OK \(code)"), ("NumMedia", "0")
        ]
        let forged = try twilioPost(fields, url: publicURL + "/sms/twilio", token: "not-the-token")
        let refused = try http(
            "POST", base + "/sms/twilio",
            headers: [
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": forged.signature
            ], body: forged.body)
        #expect(refused.status == 403)
        let unsigned = try http("POST", base + "/sms/twilio", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: forged.body)
        #expect(unsigned.status == 403)
        #expect(try result(client.call("escalation.get", ["incidentId": id]))["status"] == "open")

        // The genuine one acknowledges; Twilio gets an empty TwiML answer.
        let signed = try twilioPost(fields, url: publicURL + "/sms/twilio", token: authToken)
        let headers = ["Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signed.signature]
        let accepted = try http("POST", base + "/sms/twilio", headers: headers, body: signed.body)
        #expect(accepted.status == 200)
        #expect(accepted.headers["content-type"]?.hasPrefix("text/xml") == true)
        #expect(accepted.body.contains("<Response/>"))
        let acked = try result(client.call("escalation.get", ["incidentId": id]))
        #expect(acked["status"] == "acknowledged")
        #expect(acked["acknowledgedVia"] == "sms")

        // Twilio retries the same webhook: acknowledged, not handled again (nothing reaches the inbox).
        let replay = try http("POST", base + "/sms/twilio", headers: headers, body: signed.body)
        #expect(replay.status == 200)
        #expect(try result(client.call("notify.inbox"))["items"]?.arrayValue?.isEmpty == true)
        // A new message with text nobody handles is kept for a secretary, with the sender.
        let other = try twilioPost(
            [("MessageSid", "SM7e2e0002"), ("From", martin), ("Body", "Je rappelle demain")],
            url: publicURL + ":443/sms/twilio", token: authToken)
        #expect(
            try http(
                "POST", base + "/sms/twilio",
                headers: [
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Twilio-Signature": other.signature
                ], body: other.body
            ).status == 200)
        let inbox = try result(client.call("notify.inbox"))["items"]?.arrayValue ?? []
        #expect(inbox.map { $0["text"]?.stringValue } == ["Je rappelle demain"])
        #expect(inbox.first?["from"]?.stringValue == martin)
    }

    @Test("an unsigned OVH callback: the message is fetched back from the signed API, once; unknown 404, a bad id 400, an API failure 502")
    func ovhFetchBack() throws {
        let gateway = try HTTPReceiver()
        defer { gateway.stop() }
        let api = try FakeOVHAPI(applicationKey: "ak-e2e", applicationSecret: "as-e2e-secret", consumerKey: "ck-e2e")
        defer { api.stop() }
        let ovh = [
            "  gateways:",
            "    - id: ovh",
            "      fetch: {api: ovh, url: \"http://127.0.0.1:\(api.port)/1.0/sms/sms-test/incoming/{id}\",",
            "              applicationKey: ak-e2e, applicationSecret: as-e2e-secret, consumerKey: ck-e2e}",
            "      from: sender",
            "      text: message",
            "      messageId: id"
        ].joined(separator: "\n")
        let (server, base) = try startServer(gateway: gateway, extraHTTP: ovh)
        defer { server.stop() }
        let client = try server.client(role: "admin")
        let raised = try result(client.call("escalation.raise", ["caller": "+33612345678", "reason": "Malaise", "urgency": "urgent"]))
        let id = try #require(raised["incident"]?["id"])
        let code = try #require(raised["incident"]?["code"]?.stringValue)
        #expect(gateway.waitFor(count: 1, seconds: 30).count == 1)
        try api.put("77", ["id": 77, "sender": .string(martin), "message": .string("OK \(code)")])

        // OVH calls the URL with the id only, unsigned: the message is read from the API, which
        // checked our signature, and acknowledges the escalation.
        let callback = base + "/sms/inbound/ovh"
        let first = try http("POST", callback + "?id=77", body: "")
        #expect(first.status == 200, "\(first.body)")
        #expect(api.requests.map(\.path) == ["/1.0/sms/sms-test/incoming/77"])
        #expect(api.requests.allSatisfy { $0.signed }, "the fake API verified the OVH signature")
        let acked = try result(client.call("escalation.get", ["incidentId": id]))
        #expect(acked["status"] == "acknowledged")
        #expect(acked["acknowledgedVia"] == "sms")

        // The same callback again: 200, and the API is not asked a second time.
        #expect(try http("POST", callback + "?id=77", body: "").status == 200)
        #expect(api.requests.count == 1)

        // An id the API does not know: 404, nothing handled. An id that is not one: 400, nothing asked.
        let unknown = try http("POST", callback + "?id=999", body: "")
        #expect(unknown.status == 404)
        #expect(api.requests.count == 2)
        let bad = try http("POST", callback + "?id=../x", body: "")
        #expect(bad.status == 400)
        #expect(bad.body.contains("id"), "\(bad.body)")
        #expect(try http("POST", callback, headers: ["Content-Type": "application/json"], body: #"{"other": 1}"#).status == 400)
        #expect(api.requests.count == 2)

        // The API failing: 502, so that OVH retries; the retry is handled once the API answers.
        try api.put("80", ["id": 80, "sender": .string(martin), "message": "Je rappelle demain"])
        try api.answerAll(500)
        #expect(try http("POST", callback + "?id=80", body: "").status == 502)
        #expect(api.requests.count == 3)
        #expect(try result(client.call("notify.inbox"))["items"]?.arrayValue?.isEmpty == true)
        try api.answerAll(0)
        #expect(try http("POST", callback, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: "id=80").status == 200)
        #expect(api.requests.count == 4)
        #expect(api.requests.allSatisfy { $0.signed })
        let inbox = try result(client.call("notify.inbox"))["items"]?.arrayValue ?? []
        #expect(inbox.map { $0["text"]?.stringValue } == ["Je rappelle demain"])
        #expect(inbox.first?["from"]?.stringValue == martin)

        let metrics = try http("GET", base + "/metrics").body.split(separator: "\n").filter { $0.hasPrefix("permanence_inbound_sms_total") }
        func count(_ result: String) -> String? {
            metrics.first { $0.contains(#"via="ovh""#) && $0.contains(#"result="\#(result)""#) }?.split(separator: " ").last.map(String.init)
        }
        #expect(count("handled") == "1", "\(metrics)")
        #expect(count("inbox") == "1")
        #expect(count("duplicate") == "1")
        #expect(count("invalid") == "2")
        #expect(count("refused") == "2")
    }

    @Test("liveness, readiness, unknown routes, wrong methods, oversized bodies, slow headers, metrics")
    func operations() throws {
        let gateway = try HTTPReceiver()
        defer { gateway.stop() }
        let (server, base) = try startServer(gateway: gateway)
        defer { server.stop() }
        let live = try http("GET", base + "/livez")
        #expect(live.status == 200)
        let ready = try http("GET", base + "/readyz")
        #expect(ready.status == 200)
        let readiness = try JSONParser.parse(Array(ready.body.utf8))
        #expect(readiness["ready"] == true)
        #expect(readiness["reasons"] == .array([]))
        #expect(try http("GET", base + "/nothing-here").status == 404)
        let wrongMethod = try http("GET", base + "/sms/twilio")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["allow"] == "POST")
        #expect(try http("POST", base + "/livez", body: "x").status == 405)
        let big = try http(
            "POST", base + "/sms/twilio", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: "Body=" + String(repeating: "a", count: 5000))
        #expect(big.status == 413)
        let notForm = try http("POST", base + "/sms/twilio", headers: ["Content-Type": "application/json", "X-Twilio-Signature": "x"], body: "{}")
        #expect(notForm.status == 400)

        // A client that never finishes its request head is disconnected after headerTimeoutSeconds (1 s).
        let port = base.split(separator: ":").last.map(String.init) ?? ""
        let slow = try Executable.python(
            """
            import socket, sys, time
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            s.sendall(b"GET /livez HTTP/1.1\\r\\nHost: x\\r\\n")
            s.settimeout(10)
            t = time.monotonic()
            try:
                data = s.recv(100)
                print("closed" if data == b"" else "data", round(time.monotonic() - t, 1))
            except socket.timeout:
                print("open", 10)
            """, arguments: [port])
        let words = slow.split(separator: " ")
        #expect(words.first == "closed", "\(slow)")
        #expect((Double(words.last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 99) < 5)
        // The edge still serves others.
        #expect(try http("GET", base + "/livez").status == 200)

        // /metrics counts what this test did, in Prometheus text that prometheus_client parses.
        let client = try server.client(role: "admin")
        for _ in 0..<3 { _ = try result(client.call("kernel.ping")) }
        #expect(try client.call("no.such.method")["error"]?["code"] == .int(-32601))
        let metrics = try http("GET", base + "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
        let samples = try Executable.python(
            """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = {}
            for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                for s in family.samples:
                    labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()) if k != "le")
                    if s.name.endswith("_bucket"): continue
                    out[s.name + "{" + labels + "}"] = s.value
            print(json.dumps(out))
            """, arguments: [try write(metrics.body)])
        let v = try JSONParser.parse(Array(samples.utf8))
        #expect(v["permanence_http_requests_total{method=GET,route=/livez,status=200}"]?.doubleValue == 2)
        #expect(v["permanence_http_requests_total{method=POST,route=/livez,status=405}"]?.doubleValue == 1)
        #expect(v["permanence_http_requests_total{method=POST,route=/sms/twilio,status=413}"]?.doubleValue == 1)
        #expect(v["permanence_http_requests_total{method=GET,route=unmatched,status=404}"]?.doubleValue == 1)
        #expect(v["permanence_rpc_requests_total{method=kernel.ping,outcome=ok}"]?.doubleValue == 3)
        #expect(v["permanence_rpc_requests_total{method=unknown,outcome=-32601}"]?.doubleValue == 1)
        #expect(v["permanence_sessions_open{}"]?.doubleValue == 1)
        #expect(v["permanence_outbox_backlog{}"]?.doubleValue == 0)
        #expect((v["permanence_rpc_duration_seconds_count{method=initialize}"]?.doubleValue ?? 0) >= 1, "\(samples)")
    }

    @Test("a calendar feed: icalendar parses it, ETag gives 304, a booking changes it, initials only, revoked is 404")
    func calendarFeed() throws {
        let gateway = try HTTPReceiver()
        defer { gateway.stop() }
        let (server, base) = try startServer(gateway: gateway, clock: "2026-03-10T09:00:00+01:00")
        defer { server.stop() }
        let staff = try server.client(role: "admin")
        func patient(_ first: String, _ last: String, _ phone: String) throws -> JSONValue {
            try #require(
                try result(
                    staff.call(
                        "patients.create",
                        [
                            "lastName": .string(last), "firstName": .string(first),
                            "birthDate": "1970-01-01", "phone": .string(phone)
                        ]))["id"])
        }
        let jeanne = try patient("Jeanne", "Dupont", "0612345678")
        let paul = try patient("Paul", "Morel", "0612345679")
        let slots = try result(
            staff.call(
                "agenda.findSlots",
                [
                    "practitionerIds": ["dr-benali"], "appointmentTypeId": "consultation",
                    "from": "2026-03-11T00:00:00+01:00", "limit": 2
                ]))
        let found = try #require(slots.arrayValue)
        try #require(found.count == 2)
        func book(_ slot: JSONValue, _ patientId: JSONValue) throws {
            _ = try result(
                staff.call(
                    "agenda.book",
                    [
                        "practitionerId": "dr-benali", "appointmentTypeId": "consultation",
                        "start": slot["start"]!, "siteId": slot["siteId"]!, "patientId": patientId
                    ]))
        }
        try book(found[0], jeanne)
        let feed = try result(staff.call("calendars.createFeed", ["practitionerId": "dr-benali"]))
        let url = try #require(feed["url"]?.stringValue)
        let token = try #require(feed["token"]?.stringValue)
        // The practice's own address (`/practices/{id}`): it stays valid when the service grows to several practices.
        #expect(url == publicURL + "/practices/msp-tilleuls/calendars/\(token).ics")
        let local = base + "/calendars/\(token).ics"

        let first = try http("GET", local)
        #expect(first.status == 200)
        #expect(first.headers["content-type"] == "text/calendar; charset=utf-8")
        let etag = try #require(first.headers["etag"])
        let lastModified = try #require(first.headers["last-modified"])
        let parsed = try Executable.python(
            """
            import sys, icalendar
            cal = icalendar.Calendar.from_ical(open(sys.argv[1]).read())
            for e in cal.walk("VEVENT"): print(e.get("SUMMARY"))
            """, arguments: [try write(first.body)])
        #expect(parsed.split(separator: "\n").map(String.init) == ["D. J. — Consultation"], "\(parsed)")
        #expect(!first.body.localizedCaseInsensitiveContains("dupont") && !first.body.contains("Jeanne"))
        // What a subscribed calendar does, here with curl: a plain GET of the URL.
        let curled = try ChildProcess.run("curl", ["-s", "-f", "-D", "-", local], seconds: 30)
        #expect(curled.status == 0, "\(curled.stderr)")
        #expect(curled.stdout.contains("BEGIN:VCALENDAR") && curled.stdout.contains("SUMMARY:D. J. — Consultation"), "\(curled.stdout)")
        #expect(curled.stdout.lowercased().contains("etag: \(etag.lowercased())"), "\(curled.stdout)")

        #expect(try http("GET", local, headers: ["If-None-Match": etag]).status == 304)
        #expect(try http("GET", local, headers: ["If-Modified-Since": lastModified]).status == 304)

        try book(found[1], paul)
        let after = try http("GET", local, headers: ["If-None-Match": etag])
        #expect(after.status == 200)
        #expect(after.headers["etag"] != etag)
        #expect(after.body.contains("M. P. — Consultation"))

        let listed = try result(staff.call("calendars.feeds"))["feeds"]?.arrayValue ?? []
        #expect(listed.count == 1)
        #expect(listed.first?["fetches"] == .int(5), "four fetches and curl's")
        #expect(listed.first?["token"] == nil)
        _ = try result(staff.call("calendars.revokeFeed", ["feedId": feed["feedId"]!]))
        #expect(try http("GET", local).status == 404)
        #expect(try http("GET", base + "/calendars/cal_unknown.ics").status == 404)

        let secretary = try server.client(role: "secretary")
        #expect(try secretary.call("calendars.createFeed", ["practitionerId": "dr-benali"])["error"]?["code"] == .int(-32002))
    }

    @Test("a receipt saying undelivered for an urgent page brings the next step forward; receipts out of order keep the latest state")
    func deliveryReceipts() throws {
        let gateway = try HTTPReceiver(answerBody: { n in #"{"sid": "SM\#(n)", "status": "queued"}"# })
        defer { gateway.stop() }
        let server = try ServerProcess.tcp(
            config: try twilioSenderConfig(gatewayPort: gateway.port), clock: "2026-03-10T22:00:00+01:00",
            extraArgs: ["--http", "127.0.0.1:0"])
        defer { server.stop() }
        let line = try server.waitForLog(containing: "HTTP edge on")
        let base = "http://127.0.0.1:" + (line.split(separator: ":").last.map(String.init) ?? "")
        let client = try server.client(role: "admin")
        let raised = try result(client.call("escalation.raise", ["caller": "+33612345678", "reason": "Malaise", "urgency": "urgent"]))
        let id = try #require(raised["incident"]?["id"])
        let first = gateway.waitFor(count: 1, seconds: 30)
        try #require(first.count == 1)
        let callback = "StatusCallback=https%3A%2F%2Fpermanence.example.fr%2Fpractices%2Fmsp-tilleuls%2Fsms%2Ftwilio%2Fstatus"
        #expect(first[0].body.contains(callback), "\(first[0].body)")
        let rows = try result(client.call("notify.list", ["channel": "sms"]))["items"]?.arrayValue ?? []
        let rowId = try #require(rows.first?["id"])

        func receipt(_ status: String) throws -> Int {
            let post = try twilioPost(
                [("MessageSid", "SM1"), ("MessageStatus", status), ("AccountSid", "AC123"), ("To", martin)],
                url: publicURL + "/sms/twilio/status", token: authToken)
            return try http(
                "POST", base + "/sms/twilio/status",
                headers: [
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Twilio-Signature": post.signature
                ], body: post.body
            ).status
        }
        // A forged receipt changes nothing.
        let forged = try twilioPost([("MessageSid", "SM1"), ("MessageStatus", "undelivered")], url: publicURL + "/sms/twilio/status", token: "other")
        #expect(
            try http(
                "POST", base + "/sms/twilio/status",
                headers: [
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Twilio-Signature": forged.signature
                ], body: forged.body
            ).status == 403)
        #expect(try receipt("sent") == 200)
        var row = try result(client.call("notify.get", ["id": rowId]))["message"]
        #expect(row?["providerMessageId"] == "SM1")
        #expect(row?["providerStatus"] == "sent")
        #expect(gateway.waitFor(count: 2, seconds: 0.5).count == 1, "no second page while the wait runs")

        // Undelivered: the chain does not wait the 5 minutes; the next page goes out now.
        #expect(try receipt("undelivered") == 200)
        #expect(gateway.waitFor(count: 2, seconds: 30).count == 2)
        // A late "sent" does not overwrite the final state.
        #expect(try receipt("sent") == 200)
        row = try result(client.call("notify.get", ["id": rowId]))["message"]
        #expect(row?["providerStatus"] == "undelivered")
        let incident = try result(client.call("escalation.get", ["incidentId": id]))
        #expect(incident["status"] == "open")
        let steps = (incident["notifications"]?.arrayValue ?? []).filter { $0["channel"] == "sms" }
        #expect(steps.count == 2)
    }
}

/// Writes `text` to a temporary file; returns its path.
private func write(_ text: String) throws -> String {
    let url = try Executable.temporaryDirectory().appendingPathComponent("feed.ics")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}
