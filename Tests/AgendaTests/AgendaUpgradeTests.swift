import Foundation
import GRDB
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Testing

@testable import Agenda

/// A database written before rows carried their practice (`Tests/Fixtures/single-practice-v1.sqlite`,
/// the example practice without `practice.id`), opened by this code: the agenda's rows are kept,
/// belong to `default`, and are reached through the methods as before; another practice sees none.
@Suite struct AgendaUpgradeTests {
    /// A copy of the fixture in a new directory (the fixture itself is never written).
    static func fixtureCopy() throws -> (path: String, dir: URL) {
        let path = try PracticeDatabase.singlePracticeV1()
        return (path, URL(fileURLWithPath: path).deletingLastPathComponent())
    }

    /// The example practice as it was run then (no `practice.id`), or under `id`.
    static func example(id: String? = nil) -> String { PracticeDatabase.example(ExamplePractice.yaml, practiceId: id) }

    static let now = "2026-03-10T09:30:00+01:00"

    /// An appointment row of the fixture.
    struct Stored: Sendable {
        let id: String
        let practitionerId: String
        let patientId: String
        let idempotencyKey: String?
    }

    @Test("every agenda row is kept, tagged default, and reached through the methods; a practice added later sees none")
    func upgradeInPlace() async throws {
        let (path, dir) = try Self.fixtureCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = try await AgendaHarness(
            yaml: Self.example(), now: Self.now, store: try Store(path: path), patients: PracticePatientLookup(practiceId: "default"))
        #expect(h.host.practiceId == "default")
        let tags = try await h.host.store.read { db in
            try AgendaPracticeMigration.tables.map { table in
                (table, try db.value(Int.self, "SELECT COUNT(*) FROM \(table)")!, Set(try db.values(String.self, "SELECT practiceId FROM \(table)")))
            }
        }
        let counts = Dictionary(uniqueKeysWithValues: tags.map { ($0.0, $0.1) })
        #expect(counts["agenda_appointment"] == 2 && counts["agenda_absence"] == 1 && counts["agenda_waitlist"] == 1)
        #expect(counts["agenda_reminder"] == 2 && counts["agenda_revision"] == 2)
        for (table, count, ids) in tags where count > 0 { #expect(ids == ["default"], "\(table)") }

        // Appointments: listed by practitioner and by patient, the idempotency key replays, a move works.
        let rows = try await h.host.store.read { db in
            try db.rows("SELECT id, practitionerId, patientId, idempotencyKey FROM agenda_appointment ORDER BY start").map {
                Stored(id: $0["id"], practitionerId: $0["practitionerId"], patientId: $0["patientId"], idempotencyKey: $0["idempotencyKey"])
            }
        }
        let march: (String) -> JSONValue = { ["practitionerId": .string($0), "from": paris("2026-03-01", "00:00"), "to": paris("2026-04-01", "00:00")] }
        for row in rows {
            let listed = try await h.ok("agenda.appointments", march(row.practitionerId))["items"]?.arrayValue ?? []
            #expect(listed.contains { $0["id"]?.stringValue == row.id })
            let patients = try await h.ok("agenda.patientAppointments", ["patientId": .string(row.patientId)])["items"]?.arrayValue ?? []
            #expect(patients.map { $0["id"]?.stringValue } == [row.id])
        }
        let keyed = try #require(rows.first { $0.idempotencyKey == "fixture-1" })
        let replay = try await h.ok(
            "agenda.book",
            [
                "practitionerId": .string(keyed.practitionerId), "siteId": "centre", "start": paris("2026-03-20", "10:00"),
                "appointmentTypeId": "consultation", "patientId": .string(keyed.patientId), "idempotencyKey": "fixture-1"
            ])
        #expect(replay["id"]?.stringValue == keyed.id)
        #expect(try await h.ok("agenda.absences", [:])["items"]?.arrayValue?.count == 1)
        #expect(try await h.ok("waitlist.list", [:])["items"]?.arrayValue?.count == 1)
        let reminders = try await h.ok("reminders.list", ["from": paris("2026-03-01", "00:00"), "to": paris("2026-04-01", "00:00")])
        #expect(reminders["items"]?.arrayValue?.count == 2)
        // The slot search knows the upgraded appointments (the revisions were kept under the practice).
        let second = try #require(rows.last)
        let cancelled = try await h.ok("agenda.cancel", ["appointmentId": .string(second.id), "reason": "test"])
        #expect(cancelled["status"] == "cancelled")
        await h.stop()

        // Another practice on the same file: nothing of `default`.
        let other = try await AgendaHarness(
            yaml: Self.example(id: "other"), now: Self.now, store: try Store(path: path), patients: PracticePatientLookup(practiceId: "other"))
        defer { Task { await other.stop() } }
        for row in rows {
            #expect(try await other.ok("agenda.appointments", march(row.practitionerId))["items"]?.arrayValue?.isEmpty == true)
            #expect(await other.errorCode("agenda.setStatus", ["appointmentId": .string(row.id), "status": "arrived"]) == -32004)
        }
        #expect(try await other.ok("agenda.absences", [:])["items"]?.arrayValue?.isEmpty == true)
        #expect(try await other.ok("waitlist.list", [:])["items"]?.arrayValue?.isEmpty == true)
        let theirs = try await other.ok("reminders.list", ["from": paris("2026-03-01", "00:00"), "to": paris("2026-04-01", "00:00")])
        #expect(theirs["items"]?.arrayValue?.isEmpty == true)
    }

    /// The migration keeps the hot queries on their indexes, with the practice leading.
    @Test("query plans: occupancy, revisions, idempotency key, due reminders and offers use the practice-first indexes")
    func queryPlans() async throws {
        let store = try OccupancyCacheTests.agendaDatabase()
        let plans: [(String, String)] = [
            (
                "SELECT typeId, start, blockEnd FROM agenda_appointment WHERE practiceId = 'a' AND practitionerId = 'p' AND start >= 0 AND start < 1 AND status IN ('booked')",
                "COVERING INDEX agenda_appointment_occupancy (practiceId=? AND practitionerId=? AND start>? AND start<?)"
            ),
            (
                "SELECT week, revision FROM agenda_revision WHERE practiceId = 'a' AND practitionerId = 'p' AND week BETWEEN 1 AND 3",
                "PRIMARY KEY (practiceId=? AND practitionerId=? AND week>? AND week<?)"
            ),
            (
                "SELECT * FROM agenda_appointment WHERE practiceId = 'a' AND idempotencyKey = 'k'",
                "INDEX agenda_appointment_idempotency (practiceId=? AND idempotencyKey=?)"
            ),
            (
                "SELECT * FROM agenda_appointment WHERE practiceId = 'a' AND patientId = 'x' ORDER BY start",
                "INDEX agenda_appointment_patient (practiceId=? AND patientId=?)"
            ),
            (
                "SELECT * FROM agenda_reminder WHERE practiceId = 'a' AND status = 'planned' AND dueAt <= 5",
                "INDEX agenda_reminder_due (practiceId=? AND status=? AND dueAt<?)"
            ),
            (
                "SELECT * FROM agenda_offer WHERE practiceId = 'a' AND status = 'sent' AND expiresAt <= 5",
                "INDEX agenda_offer_expiry (practiceId=? AND status=? AND expiresAt<?)"
            ),
            (
                "SELECT * FROM agenda_offer WHERE practiceId = 'a' AND practitionerId = 'p' AND start = 5",
                "INDEX agenda_offer_slot (practiceId=? AND practitionerId=? AND start=?)"
            )
        ]
        for (sql, expected) in plans {
            let plan = try await store.read { db in try db.rows("EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String } }
            #expect(plan.contains { $0.contains(expected) }, "\(sql): \(plan)")
        }
    }
}
