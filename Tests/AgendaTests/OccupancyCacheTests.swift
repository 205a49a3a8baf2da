import Foundation
import GRDB
import JSONRPC
import Kernel
import Synchronization
import Testing

@testable import Agenda

/// Slot search answers from occupied time held in memory: it must still see every change, whoever
/// made it, as soon as it is committed.
@Suite struct OccupancyCacheTests {
    static func temporaryDatabase() throws -> (path: String, dir: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("permanence-occupancy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (dir.appendingPathComponent("agenda.sqlite").path, dir)
    }

    static let tuesday: JSONValue = [
        "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"],
        "from": paris("2026-03-03", "00:00"), "to": paris("2026-03-04", "00:00"),
        "newPatient": false, "limit": 200
    ]

    /// Two hosts on one database file, as a server and `permanence rpc` or an import in another
    /// process would be: what one writes, the other's next search shows.
    @Test func searchesSeeWhatAnotherConnectionWrote() async throws {
        let (path, dir) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await AgendaHarness(store: try Store(path: path))
        let other = try await AgendaHarness(store: try Store(path: path))
        let before = try await server.ok("agenda.findSlots", Self.tuesday)
        let first = try #require(before[0])
        #expect(before.arrayValue!.count > 3)

        let booked = try await other.ok(
            "agenda.book",
            [
                "practitionerId": "dr-benali", "siteId": first["siteId"]!, "start": first["start"]!,
                "appointmentTypeId": "consultation", "patientId": "pat-dupont"
            ])
        let afterBooking = try await server.ok("agenda.findSlots", Self.tuesday)
        #expect(afterBooking.arrayValue! == Array(before.arrayValue!.dropFirst()))

        _ = try await other.ok("agenda.cancel", ["appointmentId": booked["id"]!, "reason": "rappel du patient"])
        #expect(try await server.ok("agenda.findSlots", Self.tuesday) == before)

        let absence = try await other.ok(
            "agenda.addAbsence",
            [
                "practitionerId": "dr-benali", "from": paris("2026-03-03", "12:00"),
                "to": paris("2026-03-04", "00:00"), "kind": "training"
            ])
        let duringAbsence = try await server.ok("agenda.findSlots", Self.tuesday)
        #expect(!duringAbsence.arrayValue!.isEmpty && server.localStarts(duringAbsence).allSatisfy { $0 < "12:00" })
        #expect(duringAbsence.arrayValue!.count < before.arrayValue!.count)

        _ = try await other.ok("agenda.removeAbsence", ["absenceId": absence["absence"]!["id"]!])
        #expect(try await server.ok("agenda.findSlots", Self.tuesday) == before)

        // And the other way round, for nextAvailable too.
        let next = try await other.ok(
            "agenda.nextAvailable",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"],
                "from": paris("2026-03-03", "00:00"), "newPatient": false
            ])
        #expect(next == first)
        _ = try await server.ok(
            "agenda.book",
            [
                "practitionerId": "dr-benali", "siteId": first["siteId"]!, "start": first["start"]!,
                "appointmentTypeId": "consultation", "patientId": "pat-leroy"
            ])
        let nextAfter = try await other.ok(
            "agenda.nextAvailable",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"],
                "from": paris("2026-03-03", "00:00"), "newPatient": false
            ])
        #expect(nextAfter == before[1])
        await server.host.shutdown()
        await other.host.shutdown()
    }

    /// UTC weeks start on Thursdays at 00:00Z: a search from Wednesday to Friday spans two weeks, and
    /// a change in either is seen.
    @Test func changesOnBothSidesOfAWeekBoundaryAreSeen() async throws {
        let (path, dir) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await AgendaHarness(store: try Store(path: path))
        let other = try await AgendaHarness(store: try Store(path: path))
        let search: JSONValue = [
            "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"],
            "from": paris("2026-03-04", "00:00"), "to": paris("2026-03-07", "00:00"), "newPatient": false, "limit": 500
        ]
        let before = try await server.ok("agenda.findSlots", search)
        let starts = before.arrayValue!.map { $0["start"]!.stringValue! }
        let wednesday = try #require(before.arrayValue!.last { $0["start"]!.stringValue!.hasPrefix("2026-03-04") })
        let thursday = try #require(before.arrayValue!.first { $0["start"]!.stringValue!.hasPrefix("2026-03-05") })
        #expect(
            AgendaStore.week(instant(wednesday["start"]!.stringValue!).timeIntervalSince1970)
                != AgendaStore.week(instant(thursday["start"]!.stringValue!).timeIntervalSince1970))
        for slot in [wednesday, thursday] {
            _ = try await other.ok(
                "agenda.book",
                [
                    "practitionerId": "dr-benali", "siteId": slot["siteId"]!, "start": slot["start"]!,
                    "appointmentTypeId": "consultation", "patientId": "pat-moreau"
                ])
        }
        let after = try await server.ok("agenda.findSlots", search).arrayValue!.map { $0["start"]!.stringValue! }
        #expect(after == starts.filter { $0 != wednesday["start"]!.stringValue! && $0 != thursday["start"]!.stringValue! })
        await server.host.shutdown()
        await other.host.shutdown()
    }

    /// The cache is only as good as the triggers: after every migration all six are in place.
    @Test func everyRevisionTriggerIsInstalled() async throws {
        let store = try Self.agendaDatabase()
        let names = try await store.read { db in
            try db.values(String.self, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'agenda_%' ORDER BY name")
        }
        #expect(
            names == [
                "agenda_absence_deleted", "agenda_absence_inserted", "agenda_absence_updated",
                "agenda_appointment_deleted", "agenda_appointment_inserted", "agenda_appointment_updated"
            ])
    }

    /// The practice the tests' rows belong to.
    static let practiceId = "default"

    /// The agenda's tables, after the database's owner they need.
    static func agendaMigrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("owner") { db in
            try db.run("CREATE TABLE kernel_database_owner(practiceId TEXT NOT NULL); INSERT INTO kernel_database_owner VALUES ('default')")
        }
        AgendaPlugin.registerTables(&migrator)
        return migrator
    }

    /// A store with only the agenda's tables.
    static func agendaDatabase() throws -> Store {
        let store = try Store()
        try store.migrate(agendaMigrator())
        return store
    }

    static func insertAppointment(id: String, start: Double, in db: any StoreConnection) throws {
        try db.run(
            """
            INSERT INTO agenda_appointment(practiceId, id, practitionerId, siteId, typeId, typeLabel, patientId, newPatient, start, end, blockEnd,
              status, sequence, createdAt, updatedAt, bookedBy) VALUES ('default', ?, 'dr-a', 'centre', 'consultation', 'Consultation', 'pat', 0,
              ?, ?, ?, 'booked', 0, 0, 0, 'test')
            """, [id, start, start + 900, start + 900])
    }

    static func revisions(_ store: Store) async throws -> [Int64: Int64] {
        try await store.read { db in
            Dictionary(
                uniqueKeysWithValues: try db.rows("SELECT week, revision FROM agenda_revision WHERE practitionerId = 'dr-a'")
                    .map { (row: StoreRow) -> (Int64, Int64) in (row[0], row[1]) })
        }
    }

    /// The triggers and the search agree on which week an instant falls in, on both sides of every
    /// boundary (weeks are floored, also before 1970).
    @Test(arguments: [-604_800.5, -604_800, -604_799.5, -1, 0, 0.25, 604_799.999, 604_800, 1_772_430_000])
    func triggersRaiseTheWeekTheSearchReads(start: Double) async throws {
        let store = try Self.agendaDatabase()
        try await store.write { db in try Self.insertAppointment(id: "a1", start: start, in: db) }
        #expect(try await Self.revisions(store) == [AgendaStore.week(start): 1])
        let occupants = try store.peek { db in
            try AgendaStore.occupants(practitionerId: "dr-a", week: AgendaStore.week(start), practiceId: Self.practiceId, in: db)
        }
        #expect(occupants.map(\.start) == [start])
    }

    /// Every kind of change raises the revision of each week it touches, and of absences as a whole.
    @Test func everyChangeRaisesItsWeeks() async throws {
        let store = try Self.agendaDatabase()
        let monday = 1_772_323_200.0 // 2026-03-02T00:00Z
        let w = AgendaStore.week(monday)
        let later = AgendaStore.week(monday + 8 * 86_400)
        try await store.write { db in try Self.insertAppointment(id: "a1", start: monday + 3600, in: db) }
        #expect(try await Self.revisions(store) == [w: 1])
        try await store.write { db in try db.run("UPDATE agenda_appointment SET status = 'cancelled' WHERE id = 'a1'") }
        #expect(try await Self.revisions(store)[w] == 3) // old and new row are in the same week
        try await store.write { db in try db.run("UPDATE agenda_appointment SET start = ? WHERE id = 'a1'", [monday + 8 * 86_400]) }
        #expect(try await Self.revisions(store) == [w: 4, later: 1])
        try await store.write { db in try db.run("DELETE FROM agenda_appointment WHERE id = 'a1'") }
        #expect(try await Self.revisions(store) == [w: 4, later: 2])
        try await store.write { db in
            try AgendaStore.insert(
                Absence(
                    id: "abs1", practitionerId: "dr-a", start: Date(timeIntervalSince1970: monday),
                    end: Date(timeIntervalSince1970: monday + 86_400), kind: .training, reason: nil,
                    createdAt: Date(timeIntervalSince1970: 0), createdBy: "test"), practiceId: Self.practiceId, in: db)
        }
        #expect(try await Self.revisions(store)[AgendaStore.absenceWeek] == 1)
        try await store.write { db in try AgendaStore.deleteAbsence(id: "abs1", practiceId: Self.practiceId, in: db) }
        #expect(try await Self.revisions(store)[AgendaStore.absenceWeek] == 2)
    }

    /// A file-backed agenda database, and a second store on the same file (another process).
    static func sharedFile() throws -> (store: Store, other: Store, dir: URL) {
        let (path, dir) = try temporaryDatabase()
        let store = try Store(path: path)
        try store.migrate(agendaMigrator())
        return (store, try Store(path: path), dir)
    }

    /// An appointment moved from a later week to an earlier one while a search reloads both is
    /// seen once, where it was (the reload reads one snapshot), and where it went by the next
    /// search. Read week by week, it would be in neither: the earlier week read before the move,
    /// the later one after. Both ways of reading again: on `peek`, and on a reader of the pool.
    @Test(arguments: [8, 0])
    func aMoveAcrossWeeksDuringAReloadIsSeenWhole(weeksReadOnPeek: Int) async throws {
        let (store, other, dir) = try Self.sharedFile()
        defer { try? FileManager.default.removeItem(at: dir) }
        let monday = 1_772_409_600.0 // 2026-03-02T00:00Z, a Monday; UTC weeks start on Thursdays
        let early = AgendaStore.week(monday)
        let late = early + 1
        let earlyStart = Double(early) * AgendaStore.weekSeconds + 3 * 86_400 + 36_000
        let lateStart = Double(late) * AgendaStore.weekSeconds + 3 * 86_400 + 36_000
        try await store.write { db in
            try Self.insertAppointment(id: "fixed", start: earlyStart + 7200, in: db)
            try Self.insertAppointment(id: "moving", start: lateStart, in: db)
        }
        let moveOnce = Mutex(true)
        let cache = OccupancyCache(
            weeksReadOnPeek: weeksReadOnPeek,
            afterLoading: { week in
                guard week == early,
                    moveOnce.withLock({
                        let first = $0
                        $0 = false
                        return first
                    })
                else { return }
                try! other.sqlite!.write { db in
                    try db.run(
                        "UPDATE agenda_appointment SET start = ?, end = ?, blockEnd = ? WHERE id = 'moving'", [earlyStart, earlyStart + 900, earlyStart + 900])
                }
            })
        let from = Date(timeIntervalSince1970: Double(early) * AgendaStore.weekSeconds)
        let to = Date(timeIntervalSince1970: Double(late + 1) * AgendaStore.weekSeconds)
        moveOnce.withLock { $0 = false }
        #expect(
            try cache.occupancy(practiceId: Self.practiceId, practitionerId: "dr-a", from: from, to: to, store: store).occupants.map(\.start) == [
                earlyStart + 7200, lateStart
            ])
        // Both weeks change (a row added and removed in each), so the next search reloads both.
        try await other.write { db in
            for (n, start) in [earlyStart + 20_000, lateStart + 20_000].enumerated() {
                try Self.insertAppointment(id: "tmp\(n)", start: start, in: db)
                try db.run("DELETE FROM agenda_appointment WHERE id = ?", ["tmp\(n)"])
            }
        }
        moveOnce.withLock { $0 = true }
        let during = try cache.occupancy(practiceId: Self.practiceId, practitionerId: "dr-a", from: from, to: to, store: store)
        #expect(moveOnce.withLock { $0 } == false, "the move was committed during the reload")
        #expect(during.occupants.map(\.start) == [earlyStart + 7200, lateStart])
        let after = try cache.occupancy(practiceId: Self.practiceId, practitionerId: "dr-a", from: from, to: to, store: store)
        #expect(after.occupants.map(\.start) == [earlyStart, earlyStart + 7200])
    }

    /// Past its size, the cache empties and loads again what the next search needs; answers stay
    /// right throughout.
    @Test func aFullCacheStartsAgainAndStaysRight() async throws {
        let store = try Self.agendaDatabase()
        let monday = 1_772_409_600.0
        try await store.write { db in
            try Self.insertAppointment(id: "a1", start: monday + 36_000, in: db)
            try db.run("UPDATE agenda_appointment SET id = 'b1', practitionerId = 'dr-b' WHERE id = 'a1'")
            try Self.insertAppointment(id: "a2", start: monday + 40_000, in: db)
        }
        let cache = OccupancyCache(maximumWeeks: 4)
        let from = Date(timeIntervalSince1970: monday)
        let to = Date(timeIntervalSince1970: monday + 86_400)
        #expect(
            try cache.occupancy(practiceId: Self.practiceId, practitionerId: "dr-a", from: from, to: to, store: store).occupants.map(\.start) == [
                monday + 40_000
            ])
        let afterOne = cache.heldWeeks
        #expect(afterOne >= 1 && afterOne <= 4)
        #expect(
            try cache.occupancy(practiceId: Self.practiceId, practitionerId: "dr-b", from: from, to: to, store: store).occupants.map(\.start) == [
                monday + 36_000
            ])
        let wide = Date(timeIntervalSince1970: monday + 30 * 86_400)
        #expect(
            try cache.occupancy(practiceId: Self.practiceId, practitionerId: "dr-a", from: from, to: wide, store: store).occupants.map(\.start) == [
                monday + 40_000
            ])
        #expect(cache.heldWeeks <= 6) // emptied first, then this search's weeks
        #expect(
            try cache.occupancy(practiceId: Self.practiceId, practitionerId: "dr-b", from: from, to: to, store: store).occupants.map(\.start) == [
                monday + 36_000
            ])
        #expect(
            try cache.occupancy(practiceId: Self.practiceId, practitionerId: "dr-a", from: from, to: to, store: store).occupants.map(\.start) == [
                monday + 40_000
            ])
    }
}
