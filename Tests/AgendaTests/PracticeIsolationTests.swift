import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Agenda

/// Two practices on one database file, each served by its own host with its own `Store` (as two
/// nodes would be): nothing of one practice is seen, changed or worked on through the other.
@Suite struct PracticeIsolationTests {
    /// The reminder harness's practice under `id`.
    static func yaml(_ id: String) -> String {
        ReminderHarness.yaml().replacingOccurrences(of: "practice:\n", with: "practice:\n  id: \(id)\n")
    }

    /// What practice A holds, made through A's methods.
    struct World {
        let dir: URL
        let a: ReminderHarness
        let b: ReminderHarness
        let appointmentId: String
        let absenceId: String
        let entryId: String
        let feedId: String

        func shutdown() async {
            await a.shutdown()
            await b.shutdown()
            try? FileManager.default.removeItem(at: dir)
        }
    }

    /// Practices `cab-a` and `cab-b` on one new file; through A: an appointment booked with
    /// idempotency key `k-1`, an absence, a waiting patient, a calendar feed.
    static func world() async throws -> World {
        let (path, dir) = try OccupancyCacheTests.temporaryDatabase()
        let now = "2026-03-02T08:00:00+01:00"
        let a = try await ReminderHarness(yaml: yaml("cab-a"), now: now, store: try Store(path: path))
        let b = try await ReminderHarness(yaml: yaml("cab-b"), now: now, store: try Store(path: path))
        #expect(a.host.practiceId == "cab-a" && b.host.practiceId == "cab-b")
        let booked = try await a.ok(
            "agenda.book",
            [
                "practitionerId": "dr-martin", "siteId": "centre", "start": paris("2026-03-04", "11:00"),
                "appointmentTypeId": "consultation", "patientId": "pat-dupont", "idempotencyKey": "k-1"
            ])
        let absence = try await a.ok(
            "agenda.addAbsence", ["practitionerId": "dr-martin", "from": paris("2026-03-10", "00:00"), "to": paris("2026-03-11", "00:00")])
        let entry = try await a.ok("waitlist.add", ["patientId": "pat-moreau", "appointmentTypeId": "consultation"])
        let feed = try await a.call("calendars.createFeed", ["practitionerId": "dr-martin"], role: .staff).get()
        return World(
            dir: dir, a: a, b: b, appointmentId: booked["id"]!.stringValue!, absenceId: absence["absence"]!["id"]!.stringValue!,
            entryId: entry["id"]!.stringValue!, feedId: feed["feedId"]!.stringValue!)
    }

    static let march: JSONValue = ["practitionerId": "dr-martin", "from": paris("2026-03-01", "00:00"), "to": paris("2026-04-01", "00:00")]

    @Test("through B, every list and search of A's agenda is empty, and A's booked slot is free")
    func listsAreEmpty() async throws {
        let w = try await Self.world()
        defer { Task { await w.shutdown() } }
        let empty: [(String, JSONValue, Role)] = [
            ("agenda.appointments", Self.march, .secretary), ("agenda.patientAppointments", ["patientId": "pat-dupont"], .secretary),
            ("agenda.absences", [:], .secretary), ("waitlist.list", [:], .secretary),
            ("reminders.list", ["from": paris("2026-03-01", "00:00"), "to": paris("2026-04-01", "00:00")], .secretary)
        ]
        for (method, params, role) in empty {
            #expect(try await w.a.call(method, params, role: role).get()["items"]?.arrayValue?.isEmpty == false, "\(method) through A")
            #expect(try await w.b.call(method, params, role: role).get()["items"]?.arrayValue?.isEmpty == true, "\(method) through B")
        }
        #expect(try await w.b.call("calendars.feeds", [:], role: .staff).get()["feeds"]?.arrayValue?.isEmpty == true)
        #expect(try await w.a.call("calendars.feeds", [:], role: .staff).get()["feeds"]?.arrayValue?.count == 1)
        // Slots: A's appointment occupies 11:00 in A only; A's absence empties the 10th in A only.
        let search = { (day: String) -> JSONValue in
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"], "from": paris(day, "10:00"),
                "to": paris(day, "12:00"), "newPatient": false, "limit": 50
            ]
        }
        let starts = { (h: ReminderHarness) async throws -> [String] in
            try await h.ok("agenda.findSlots", search("2026-03-04")).arrayValue!.map { localTime($0["start"]!.stringValue!) }
        }
        #expect(try await starts(w.b).contains("11:00"))
        #expect(try await !starts(w.a).contains("11:00"))
        let absent = search("2026-03-10")
        #expect(try await w.a.ok("agenda.findSlots", absent).arrayValue?.isEmpty == true)
        #expect(try await w.b.ok("agenda.findSlots", absent).arrayValue?.isEmpty == false)
    }

    /// A method given an id of practice A.
    enum ByID: String, CaseIterable, CustomStringConvertible {
        case cancel, setStatus, reschedule, removeAbsence, removeFromWaitlist, revokeFeed
        var description: String { rawValue }

        func call(through h: ReminderHarness, _ w: World) async -> Result<JSONValue, RPCError> {
            switch self {
            case .cancel: await h.call("agenda.cancel", ["appointmentId": .string(w.appointmentId), "reason": "test"])
            case .setStatus: await h.call("agenda.setStatus", ["appointmentId": .string(w.appointmentId), "status": "arrived"])
            case .reschedule: await h.call("agenda.reschedule", ["appointmentId": .string(w.appointmentId), "start": paris("2026-03-05", "15:00")])
            case .removeAbsence: await h.call("agenda.removeAbsence", ["absenceId": .string(w.absenceId)])
            case .removeFromWaitlist: await h.call("waitlist.remove", ["entryId": .string(w.entryId)])
            case .revokeFeed: await h.call("calendars.revokeFeed", ["feedId": .string(w.feedId)], role: .staff)
            }
        }
    }

    @Test("an id of A asked for through B is not found and changes nothing", arguments: ByID.allCases)
    func idsOfAnotherPractice(_ method: ByID) async throws {
        let w = try await Self.world()
        defer { Task { await w.shutdown() } }
        let before = try await Self.snapshot(w.a)
        let answer = await method.call(through: w.b, w)
        guard case .failure(let error) = answer else {
            Issue.record("\(method) through B succeeded: \(answer)")
            return
        }
        #expect(error.code.rawValue == -32004)
        #expect(try await Self.snapshot(w.a) == before)
        // Through A, the same call works.
        if case .failure(let error) = await method.call(through: w.a, w) { Issue.record("\(method) through A failed: \(error)") }
    }

    /// What A sees of its rows.
    static func snapshot(_ h: ReminderHarness) async throws -> [JSONValue] {
        [
            try await h.ok("agenda.appointments", march)["items"] ?? .null, try await h.ok("agenda.absences", [:])["items"] ?? .null,
            try await h.ok("waitlist.list", ["status": "all"])["items"] ?? .null,
            try await h.call("calendars.feeds", [:], role: .staff).get()["feeds"] ?? .null
        ]
    }

    @Test("the same idempotency key in B books B's own appointment, in a slot A holds; A's key still answers A's")
    func idempotencyKeysArePerPractice() async throws {
        let w = try await Self.world()
        defer { Task { await w.shutdown() } }
        let request: JSONValue = [
            "practitionerId": "dr-martin", "siteId": "centre", "start": paris("2026-03-04", "11:00"),
            "appointmentTypeId": "consultation", "patientId": "pat-leroy", "idempotencyKey": "k-1"
        ]
        let inB = try await w.b.ok("agenda.book", request)
        #expect(inB["id"]?.stringValue != w.appointmentId)
        #expect(inB["patientId"] == "pat-leroy")
        #expect(try await w.b.ok("agenda.book", request)["id"] == inB["id"])
        #expect(try await w.a.ok("agenda.book", request)["id"]?.stringValue == w.appointmentId)
        #expect(try await w.b.status(w.appointmentId) == nil)
        #expect(try await w.a.status(w.appointmentId) == "booked")
    }

    @Test("B's reminder worker, patients' replies and waiting-list offers never touch A's rows")
    func backgroundWorkStaysInItsPractice() async throws {
        let w = try await Self.world()
        defer { Task { await w.shutdown() } }
        // B has its own appointment and its own waiting patient.
        let mine = try await w.b.book("pat-leroy", "2026-03-04", "14:00")
        _ = try await w.b.ok("waitlist.add", ["patientId": "pat-petit", "appointmentTypeId": "consultation"])
        // B's scan at the reminders' time sends B's reminder only.
        try await w.b.at("2026-03-03", "14:00")
        #expect(try await w.b.reminders(mine).first?.status == .sent)
        #expect(try await w.a.reminders(w.appointmentId).first?.status == .planned)
        #expect(try await w.b.sms(to: ReminderHarness.phones["pat-dupont"]!).isEmpty)
        // A patient of A answers: B has nothing awaiting from that number and leaves it.
        #expect(try await w.b.reply("pat-dupont", "ANNULER") == nil)
        #expect(try await w.a.status(w.appointmentId) == "booked")
        // B's cancellation offers the slot to B's waiting patient, not to A's.
        _ = try await w.b.ok("agenda.cancel", ["appointmentId": .string(mine), "reason": "empêchement"])
        #expect(try await w.b.sms(to: ReminderHarness.phones["pat-petit"]!).count == 1)
        #expect(try await w.b.sms(to: ReminderHarness.phones["pat-moreau"]!).isEmpty)
        // A's own worker still sends A's reminder, on time.
        try await w.a.at("2026-03-03", "11:00")
        #expect(try await w.a.reminders(w.appointmentId).first?.status == .sent)
        #expect(try await w.b.reminders(mine).count == 1)
        // The SMS counts are per practice.
        let usage = try await w.a.host.store.read { db in
            try db.rows("SELECT practiceId, event, messages FROM agenda_sms_usage ORDER BY practiceId, event").map {
                "\($0[0] as String) \($0[1] as String) \($0[2] as Int)"
            }
        }
        #expect(usage == ["cab-a agenda.reminder 1", "cab-b agenda.reminder 1", "cab-b waitlist.offer 1"])
    }
}

extension PracticeIsolationTests {
    @Test("a calendar feed of A fetched from B's HTTP edge is unknown; from A's it lists A's appointment")
    func calendarFeedsArePerPractice() async throws {
        let w = try await Self.world()
        defer { Task { await w.shutdown() } }
        let created = try await w.a.call("calendars.createFeed", ["practitionerId": "dr-martin"], role: .staff).get()
        let token = try #require(created["token"]?.stringValue)
        func get(_ h: ReminderHarness) async throws -> HTTPResponseData {
            let route = try #require(h.plugin.httpRoutes(host: h.host).first { $0.path == "/calendars/{token}.ics" })
            return try await route.handler(
                HTTPRequestData(method: "GET", path: "/calendars/\(token).ics", headers: [:], parameters: ["token": token], publicURL: "http://x"))
        }
        let fromA = try await get(w.a)
        #expect(fromA.status == 200)
        #expect(String(decoding: fromA.body, as: UTF8.self).components(separatedBy: "BEGIN:VEVENT").count == 2)
        do {
            _ = try await get(w.b)
            Issue.record("A's feed answered through B")
        } catch let error as HTTPRouteError {
            #expect(error.status == 404)
        }
    }
}

extension PracticeIsolationTests {
    /// One cache, as a server answering for several practices will hold: the same practitioner id
    /// in two practices, the same week, each practice's own occupants and revisions.
    @Test("the occupancy cache keeps practices apart: same practitioner id, same week, each practice's own appointments")
    func occupancyCacheIsKeyedByPractice() async throws {
        let store = try OccupancyCacheTests.agendaDatabase()
        let monday = 1_772_409_600.0
        func insert(_ id: String, practice: String, start: Double) async throws {
            try await store.write { db in
                try db.run(
                    """
                    INSERT INTO agenda_appointment(practiceId, id, practitionerId, siteId, typeId, typeLabel, patientId, newPatient, start, end,
                      blockEnd, status, sequence, createdAt, updatedAt, bookedBy)
                    VALUES (?, ?, 'dr-a', 'centre', 'consultation', 'Consultation', 'pat', 0, ?, ?, ?, 'booked', 0, 0, 0, 'test')
                    """, [practice, id, start, start + 900, start + 900])
            }
        }
        try await insert("a1", practice: "cab-a", start: monday + 36_000)
        try await insert("b1", practice: "cab-b", start: monday + 40_000)
        let cache = OccupancyCache()
        let from = Date(timeIntervalSince1970: monday)
        let to = Date(timeIntervalSince1970: monday + 86_400)
        func starts(_ practice: String) throws -> [Double] {
            try cache.occupancy(practiceId: practice, practitionerId: "dr-a", from: from, to: to, store: store).occupants.map(\.start)
        }
        #expect(try starts("cab-a") == [monday + 36_000])
        #expect(try starts("cab-b") == [monday + 40_000])
        // A change in B raises B's revision only: A's held week stays right, B's is reloaded.
        try await insert("b2", practice: "cab-b", start: monday + 50_000)
        #expect(try starts("cab-a") == [monday + 36_000])
        #expect(try starts("cab-b") == [monday + 40_000, monday + 50_000])
        let revisions = try await store.read { db in
            try db.rows("SELECT practiceId, revision FROM agenda_revision WHERE week != ? ORDER BY practiceId", [AgendaStore.absenceWeek])
                .map { "\($0[0] as String) \($0[1] as Int)" }
        }
        #expect(revisions == ["cab-a 1", "cab-b 2"])
    }
}

extension ReminderHarness {
    /// Calls `method` as `role`.
    func call(_ method: String, _ params: JSONValue, role: Role) async -> Result<JSONValue, RPCError> {
        let session = dispatcher.openSession(transport: .inProcess, role: role, actor: "test-\(role.rawValue)", sink: { _ in })
        defer { dispatcher.closeSession(session) }
        switch await dispatcher.call(Request(method: method, params: params, id: 1), session: session) {
        case .success(let bytes): return .success(try! JSONParser.parse(bytes))
        case .failure(let e): return .failure(e)
        }
    }
}
