import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Agenda

/// Calendar subscriptions: the feed a calendar fetches, in process (the HTTP side is in the end-to-end tests).
@Suite("Calendar feeds", .serialized)
struct CalendarFeedTests {
    func feed(_ h: AgendaHarness) async throws -> (HTTPRoute, String) {
        let created = try await h.ok("calendars.createFeed", ["practitionerId": "dr-benali"], role: .staff)
        let token = try #require(created["token"]?.stringValue)
        let route = try #require(h.plugin.httpRoutes(host: h.host).first { $0.path == "/calendars/{token}.ics" })
        return (route, token)
    }

    func get(_ route: HTTPRoute, _ token: String, headers: [String: String] = [:]) async throws -> HTTPResponseData {
        try await route.handler(
            HTTPRequestData(
                method: "GET", path: "/calendars/\(token).ics", headers: headers,
                parameters: ["token": token], publicURL: "http://x"))
    }

    @Test("initials and type only: no full name, no notes; a calendar server (Radicale) takes the whole feed")
    func privacyAndRadicale() async throws {
        let h = try await AgendaHarness()
        _ = try await h.ok(
            "agenda.book",
            [
                "practitionerId": "dr-benali", "siteId": "chenes", "start": paris("2026-03-02", "08:30"),
                "appointmentTypeId": "consultation", "patientId": "pat-dupont", "notes": "douleur thoracique"
            ])
        _ = try await h.ok(
            "agenda.book",
            [
                "practitionerId": "dr-benali", "siteId": "chenes", "start": paris("2026-03-02", "09:10"),
                "appointmentTypeId": "consultation", "patientId": "pat-garcia"
            ])
        let (route, token) = try await feed(h)
        let answer = try await get(route, token)
        #expect(answer.status == 200)
        let body = String(decoding: answer.body, as: UTF8.self)
        #expect(body.contains("SUMMARY:D. J. — Consultation"))
        #expect(body.contains("SUMMARY:G. L. — Consultation"), "\(body)")
        for hidden in ["DUPONT", "Jeanne", "GARCIA", "Lulu", "Séville", "douleur", "thoracique", "pat-"] {
            #expect(!body.contains(hidden), "\(hidden) in the feed")
        }

        try Python.require("radicale")
        let dir = try Python.temporaryDirectory()
        try answer.body.withUnsafeBufferPointer { try Data($0).write(to: dir.appendingPathComponent("feed.ics")) }
        let radicale = try RadicaleServer(storage: dir.appendingPathComponent("collections"))
        defer { radicale.stop() }
        let out = try Python.run(
            """
            import sys, json, http.client, base64
            port, path = int(sys.argv[1]), sys.argv[2]
            auth = {"Authorization": "Basic " + base64.b64encode(b"cabinet:x").decode()}
            def req(method, url, body=None, headers={}):
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                c.request(method, url, body=body, headers={**auth, **headers})
                r = c.getresponse(); data = r.read(); c.close()
                return r.status, data
            put = req("PUT", "/cabinet/benali/", open(path, "rb").read(), {"Content-Type": "text/calendar; charset=utf-8"})[0]
            status, data = req("GET", "/cabinet/benali/")
            print(json.dumps({"put": put, "get": status, "events": data.decode().count("BEGIN:VEVENT")}))
            """, arguments: [String(radicale.port), dir.appendingPathComponent("feed.ics").path])
        let v = try JSONParser.parse(Array(out.utf8))
        #expect(v["put"] == 201)
        #expect(v["get"] == 200)
        #expect(v["events"] == 2)
    }

    @Test("304 on the same ETag or an unchanged date; every fetch audited; revoked is 404 at once")
    func conditionalAuditedRevoked() async throws {
        let h = try await AgendaHarness()
        _ = try await h.ok(
            "agenda.book",
            [
                "practitionerId": "dr-benali", "siteId": "chenes", "start": paris("2026-03-02", "08:30"),
                "appointmentTypeId": "consultation", "patientId": "pat-dupont"
            ])
        let (route, token) = try await feed(h)
        let first = try await get(route, token)
        let etag = try #require(first.headers.first { $0.name == "ETag" }?.value)
        let modified = try #require(first.headers.first { $0.name == "Last-Modified" }?.value)
        #expect(try await get(route, token, headers: ["If-None-Match": etag]).status == 304)
        #expect(try await get(route, token, headers: ["If-None-Match": "\"other\""]).status == 200)
        #expect(try await get(route, token, headers: ["If-Modified-Since": modified]).status == 304)
        #expect(try await get(route, token, headers: ["If-Modified-Since": "Sun, 01 Mar 2026 00:00:00 GMT"]).status == 200)
        await h.host.flushAudit() // fetch rows are written behind the answers, as kernel.audit waits for
        let audited = try await h.host.audit.entries(method: "http GET /calendars")
        // One row per batch of fetches that a commit gathers, with their number: five in all.
        let counted = try audited.map { try JSONParser.parse(Array($0.params.utf8))["fetches"]?.intValue ?? 0 }
        #expect(counted.reduce(0, +) == 5, "\(audited)")
        #expect(!audited.isEmpty && audited.allSatisfy { $0.actor.hasPrefix("calendar-feed:feed-") })

        let feeds = try await h.ok("calendars.feeds", [:], role: .staff)
        let id = try #require(feeds["feeds"]?.arrayValue?.first?["id"])
        _ = try await h.ok("calendars.revokeFeed", ["feedId": id], role: .staff)
        do {
            _ = try await get(route, token)
            Issue.record("a revoked feed answered")
        } catch let e as HTTPRouteError {
            #expect(e.status == 404)
        }
        if case .failure(let e) = await h.call("calendars.revokeFeed", ["feedId": id], role: .staff) {
            #expect(e.code == .conflict)
        } else {
            Issue.record("revoked twice")
        }
        if case .failure(let e) = await h.call("calendars.createFeed", ["practitionerId": "dr-benali"], role: .secretary) {
            #expect(e.code == .forbidden)
        } else {
            Issue.record("a secretary created a feed")
        }
    }

    @Test("a booking or revocation through this server shows in the very next fetch; another process's after the recheck time")
    func freshness() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        let h = try await AgendaHarness(store: try Store(path: file))
        let other = try await AgendaHarness(store: try Store(path: file)) // another process on the same database file
        func book(_ harness: AgendaHarness, _ time: String) async throws {
            _ = try await harness.ok(
                "agenda.book",
                [
                    "practitionerId": "dr-benali", "siteId": "chenes", "start": paris("2026-03-02", time),
                    "appointmentTypeId": "consultation", "patientId": "pat-dupont"
                ])
        }
        func events(_ answer: HTTPResponseData) -> Int { String(decoding: answer.body, as: UTF8.self).components(separatedBy: "BEGIN:VEVENT").count - 1 }
        func etag(_ answer: HTTPResponseData) -> String? { answer.headers.first { $0.name == "ETag" }?.value }

        let token = try #require(try await h.ok("calendars.createFeed", ["practitionerId": "dr-benali"], role: .staff)["token"]?.stringValue)
        // Checked tokens are kept an hour here, so only this server's own changes can refresh them.
        let slow = CalendarFeedRoute(core: h.plugin.core, patientNames: h.plugin.feedPatientNames, recheckAfter: .seconds(3600)).route(host: h.host)
        let always = CalendarFeedRoute(core: h.plugin.core, patientNames: h.plugin.feedPatientNames, recheckAfter: .zero).route(host: h.host)
        try await book(h, "08:30")
        let first = try await get(slow, token)
        #expect(events(first) == 1)

        try await book(other, "09:10")
        #expect(events(try await get(always, token)) == 2, "a change by another process is read once the check is due")
        #expect(etag(try await get(slow, token)) == etag(first), "within the recheck time the checked answer is kept")

        try await book(h, "09:30")
        let third = try await get(slow, token)
        #expect(events(third) == 3, "a booking through this server is in the next fetch")
        #expect(etag(third) != etag(first))

        let feedId = try #require(try await h.ok("calendars.feeds", [:], role: .staff)["feeds"]?.arrayValue?.first?["id"])
        _ = try await h.ok("calendars.revokeFeed", ["feedId": feedId], role: .staff)
        await #expect(throws: HTTPRouteError.self) { _ = try await get(slow, token) }
        try h.host.store.close()
        try other.host.store.close()
    }
}
