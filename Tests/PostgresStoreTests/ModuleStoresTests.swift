import Foundation
import Kernel
import PermanenceTesting
import PostgresStore
import Practice
import Testing

@testable import Agenda
@testable import Escalation
@testable import FAQ
@testable import KPI
@testable import Messaging
@testable import Notify

/// The modules already on the seam, on PostgreSQL: each plugin's registered schema applies once on an
/// empty database and holds the tables and columns SQLite's migrations leave (names, NOT NULL), and
/// the store functions write and read back on both engines alike.
@Suite(.postgresCluster) struct ModuleStoresTests {
    static let document = try! ConfigurationDocument(yaml: ExamplePractice.yaml)

    static func plugins() throws -> (practice: PracticePlugin, modules: [any Plugin]) {
        let document = Self.document
        let practice = try PracticePlugin(configuration: document)
        let directory = practice.directory
        return (
            practice,
            [
                try NotifyPlugin(configuration: document),
                try AgendaPlugin(configuration: document, directory: directory, patients: PracticePatientLookup(practiceId: "default")),
                try MessagingPlugin(configuration: document, directory: directory),
                try EscalationPlugin(configuration: document, directory: directory),
                try KPIPlugin(configuration: document, directory: directory),
                try FAQPlugin(configuration: document, directory: directory)
            ]
        )
    }

    /// The kernel's schema and every plugin's, in the order the host installs them.
    static func schema() throws -> SchemaMigrations {
        let (practice, modules) = try plugins()
        var schema = SchemaMigrations()
        KernelSchema.register(&schema)
        practice.registerSchema(&schema)
        for module in modules { module.registerSchema(&schema) }
        return schema
    }

    /// A column as both engines describe it.
    struct Column: Hashable, CustomStringConvertible {
        let table: String
        let name: String
        let notNull: Bool
        var description: String { "\(table).\(name)\(notNull ? " NOT NULL" : "")" }
    }

    @Test func everyRegisteredSchemaAppliesOnceAndMatchesSQLite() async throws {
        let (practice, modules) = try Self.plugins()
        for plugin in [practice] + modules {
            var own = SchemaMigrations()
            plugin.registerSchema(&own)
            #expect(!own.steps.isEmpty, "\(plugin.id) registers a PostgreSQL schema")
            #expect(own.steps.allSatisfy { $0.id.hasPrefix(plugin.id + ".") })
        }
        let schema = try Self.schema()
        // Tables SQLite keeps for its own migrations: GRDB's log, AUTOINCREMENT's counters, the owner of
        // rows older than practices, the indexes a bulk load set aside. PostgreSQL keeps its migrations'
        // log and the readiness probe's row (a temporary table on SQLite).
        let sqliteOnly = ["grdb_migrations", "sqlite_sequence", "kernel_database_owner", "kernel_suspended_index"]
        try await Self.withSQLite { store in
            try await withPostgres { database in
                let applied = try await database.write { db in try schema.apply(in: db) }
                #expect(applied == schema.steps.map(\.id))
                let again = try await database.write { db in try schema.apply(in: db) }
                #expect(again.isEmpty)
                let postgres = try await database.read { db in
                    try db.rows(
                        """
                        SELECT table_name, column_name, is_nullable FROM information_schema.columns
                        WHERE table_schema = 'public' AND table_name NOT IN ('store_migration', 'kernel_readyz', 'kernel_event') AND column_name <> 'rowid'
                        """
                    ).map { Column(table: $0["table_name"], name: $0["column_name"], notNull: ($0["is_nullable"] as String) == "NO") }
                }
                let sqlite = try await store.read { db in
                    let tables = try db.values(String.self, "SELECT name FROM sqlite_master WHERE type = 'table'").filter { !sqliteOnly.contains($0) }
                    return try tables.flatMap { table in
                        try db.rows("SELECT name, \"notnull\", pk FROM pragma_table_info(?)", [table]).map {
                            Column(table: table, name: ($0["name"] as String).lowercased(), notNull: $0["notnull"] as Bool || ($0["pk"] as Int) > 0)
                        }
                    }
                }
                #expect(Set(postgres.map(\.table)).count == 31)
                #expect(
                    Set(postgres) == Set(sqlite),
                    "only on PostgreSQL \(Set(postgres).subtracting(sqlite)), only on SQLite \(Set(sqlite).subtracting(postgres))")
            }
        }
    }

    /// SQLite's tables: a host with the practice and the modules installed (every migration applied).
    static func withSQLite(_ body: (Store) async throws -> Void) async throws {
        let (practice, modules) = try plugins()
        let server = try await TestServer(configuration: document, plugins: [practice] + modules, clock: ManualClock(Date()), store: try Store())
        do {
            try await body(server.host.store)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// Runs `body` on a database of `engine` holding the three modules' tables.
    func withModuleTables(_ engine: StoreEngine, _ body: (any EngineDatabase) async throws -> Void) async throws {
        switch engine {
        case .sqlite:
            try await Self.withSQLite { store in try await body(SQLiteDatabase(store: store)) }
        case .postgresql:
            let schema = try Self.schema()
            try await withPostgres { database in
                try await database.write { [schema] db in _ = try schema.apply(in: db) }
                try await body(database)
            }
        }
    }

    @Test(arguments: engines) func faqEditsPhrasingsAndFeedback(engine: StoreEngine) async throws {
        try await withModuleTables(engine) { database in
            let at = Date(timeIntervalSince1970: 1_773_129_600.25)
            let (edits, extras, all, chosen, hidden) = try await database.write { db in
                try FAQStaffEdit(
                    practiceId: "p1", id: "parking", questions: ["Où se garer ?"], answer: "Rue A", siteId: nil, hidden: false, updatedAt: at,
                    updatedBy: "sec"
                ).save(in: db)
                try FAQStaffEdit(
                    practiceId: "p1", id: "parking", questions: ["Où se garer ?", "parking ?"], answer: "Rue B", siteId: "s1", hidden: false,
                    updatedAt: at, updatedBy: "sec2"
                ).save(in: db)
                try FAQStaffEdit(
                    practiceId: "p2", id: "parking", questions: [], answer: "", siteId: nil, hidden: true, updatedAt: at, updatedBy: "x"
                ).save(in: db)
                try FAQExtraQuestion(practiceId: "p1", entryId: "hours", question: "c koi les horaires", key: "horaire", addedAt: at, addedBy: "sec")
                    .insert(in: db)
                #expect(try FAQExtraQuestion.exists(entryId: "hours", key: "horaire", practiceId: "p1", in: db))
                #expect(try !FAQExtraQuestion.exists(entryId: "hours", key: "horaire", practiceId: "p2", in: db))
                var one = FAQFeedback(
                    practiceId: "p1", question: "c ou", key: "ou", entryId: "address", answeredEntryId: nil, siteId: nil, recordedAt: at, actor: "sec")
                try one.insert(in: db)
                var two = FAQFeedback(
                    practiceId: "p1", question: "horaires", key: "horaire", entryId: "hours", answeredEntryId: "hours", siteId: nil, recordedAt: at,
                    actor: "sec")
                try two.insert(in: db)
                var none = FAQFeedback(
                    practiceId: "p1", question: "mairie", key: "mairie", entryId: nil, answeredEntryId: nil, siteId: nil, recordedAt: at, actor: "sec")
                try none.insert(in: db)
                #expect(one.id != nil && two.id! > one.id! && none.id! > two.id!)
                return (
                    try FAQStaffEdit.all(practiceId: "p1", in: db), try FAQExtraQuestion.all(practiceId: "p1", in: db),
                    try FAQFeedback.choosingAnEntry(practiceId: "p1", in: db), try FAQFeedback.choosingAnEntry("hours", practiceId: "p1", in: db),
                    try FAQStaffEdit.find(id: "parking", practiceId: "p2", in: db)
                )
            }
            #expect(edits.count == 1)
            #expect(edits.first?.answer == "Rue B" && edits.first?.questionList == ["Où se garer ?", "parking ?"] && edits.first?.siteId == "s1")
            #expect(edits.first?.updatedAt == at && edits.first?.hidden == false)
            #expect(extras.map(\.question) == ["c koi les horaires"] && extras.first?.addedAt == at)
            #expect(all.map(\.entryId) == ["address", "hours"])
            #expect(chosen.map(\.question) == ["horaires"] && chosen.first?.answeredEntryId == "hours")
            #expect(hidden?.hidden == true)
            let left = try await database.write { db in
                try edits[0].delete(in: db)
                return try FAQStaffEdit.all(practiceId: "p1", in: db).count
            }
            #expect(left == 0)
        }
    }

    @Test(arguments: engines) func escalationIncidentsPagesAndTimers(engine: StoreEngine) async throws {
        try await withModuleTables(engine) { database in
            let t0 = Date(timeIntervalSince1970: 1_773_129_600)
            let chain = EscalationChain(id: "urgent", steps: [])
            @Sendable func incident(_ n: Int, caller: String?) -> Incident {
                Incident(
                    id: "inc-\(n)", code: "C\(n)", source: "console", patientId: n == 2 ? "pat-1" : nil, caller: caller, reason: "douleur",
                    urgency: "urgent", details: nil, practitionerId: nil, chain: chain, now: t0.addingTimeInterval(Double(n)), triageSessionId: nil)
            }
            let (page1, page2, duplicate, byPatient, unresolved, due, first, codes) = try await database.write { db in
                for n in 1...3 {
                    try IncidentStore.insert(incident(n, caller: n == 3 ? nil : "+33600000001"), reasonKey: "douleur", practiceId: "p1", in: db)
                }
                try IncidentStore.insert(incident(4, caller: "+33600000001"), reasonKey: "douleur", practiceId: "p2", in: db)
                var resolved = try #require(try IncidentStore.fetch("inc-1", practiceId: "p1", in: db))
                resolved.status = .resolved
                resolved.nextStepAt = nil
                try IncidentStore.update(resolved, practiceId: "p1", in: db)
                let page1 = try IncidentStore.list(status: nil, before: nil, limit: 2, practiceId: "p1", in: db)
                let page2 = try IncidentStore.list(status: nil, before: page1.last?.key, limit: 2, practiceId: "p1", in: db)
                return (
                    page1.map(\.item.id), page2.map(\.item.id),
                    try IncidentStore.openDuplicate(caller: "+33600000001", patientId: nil, reasonKey: "douleur", practiceId: "p1", in: db)?.id,
                    try IncidentStore.openDuplicate(caller: nil, patientId: "pat-1", reasonKey: "douleur", practiceId: "p1", in: db)?.id,
                    try IncidentStore.unresolved(caller: "+33600000001", patientIds: ["pat-1"], practiceId: "p1", in: db).map(\.id),
                    try IncidentStore.nextDue(practiceId: "p1", in: db),
                    try IncidentStore.firstDue(now: t0.addingTimeInterval(10), practiceId: "p1", in: db)?.id,
                    try IncidentStore.codesInUse(practiceId: "p1", in: db)
                )
            }
            #expect(page1 == ["inc-3", "inc-2"])
            #expect(page2 == ["inc-1"])
            #expect(duplicate == "inc-2")
            #expect(byPatient == "inc-2")
            #expect(unresolved == ["inc-2"])
            #expect(due == t0.addingTimeInterval(2))
            #expect(first == "inc-2")
            #expect(codes == ["C2", "C3"])
        }
    }

    @Test(arguments: engines) func agendaBookingsRevisionsAndOccupancy(engine: StoreEngine) async throws {
        try await withModuleTables(engine) { database in
            // Monday 2026-03-09 09:00 UTC; week numbers are counted from the epoch.
            let start = Date(timeIntervalSince1970: 1_773_046_800)
            let week = AgendaStore.week(start.timeIntervalSince1970)
            @Sendable func appointment(_ id: String, at offset: Double, key: String?) -> Appointment {
                Appointment(
                    id: id, practitionerId: "dr-a", siteId: "s1", appointmentTypeId: "consult", appointmentTypeLabel: "Consultation",
                    patientId: "pat-1", patientName: "Jeanne Dupont", newPatient: false, caller: nil, start: start.addingTimeInterval(offset),
                    end: start.addingTimeInterval(offset + 900), status: .booked, sequence: 0, notes: nil, idempotencyKey: key, createdAt: start,
                    updatedAt: start, bookedBy: "sec")
            }
            let (revisionsBefore, occupied, found, known, revisionsAfter, left, duplicate) = try await database.write { db in
                let before = try AgendaStore.revisions(practitionerId: "dr-a", weeks: week...week, practiceId: "p1", in: db)
                try AgendaStore.insert(
                    appointment("apt-1", at: 0, key: "k1"), blockEnd: start.addingTimeInterval(900), slotShare: nil, practiceId: "p1", in: db)
                try AgendaStore.insert(
                    appointment("apt-2", at: 1800, key: nil), blockEnd: start.addingTimeInterval(2700), slotShare: nil, practiceId: "p1", in: db)
                let occupied = try AgendaStore.occupants(
                    practitionerId: "dr-a", from: start, to: start.addingTimeInterval(3600), practiceId: "p1", in: db)
                let found = try AgendaStore.appointment(idempotencyKey: "k1", practiceId: "p1", in: db)
                let known = try AgendaStore.isKnown(patientId: "pat-1", practitionerId: "dr-a", practiceId: "p1", in: db)
                try AgendaStore.update(status: .cancelled, id: "apt-1", practiceId: "p1", now: start, cancelReason: nil, in: db)
                let after = try AgendaStore.revisions(practitionerId: "dr-a", weeks: week...week, practiceId: "p1", in: db)
                let left = try AgendaStore.occupants(
                    practitionerId: "dr-a", from: start, to: start.addingTimeInterval(3600), excluding: "apt-2", practiceId: "p1", in: db)
                // The idempotency key is unique: a second booking with it is refused as a unique violation.
                let duplicateRefused: Bool
                do {
                    try db.savepoint {
                        try AgendaStore.insert(
                            appointment("apt-3", at: 3600, key: "k1"), blockEnd: start.addingTimeInterval(4500), slotShare: nil, practiceId: "p1", in: db)
                    }
                    duplicateRefused = false
                } catch { duplicateRefused = true }
                return (before, occupied.map(\.start), found?.id, known, after, left.count, duplicateRefused)
            }
            #expect(revisionsBefore.isEmpty)
            #expect(occupied == [start.timeIntervalSince1970, start.timeIntervalSince1970 + 1800])
            #expect(found == "apt-1")
            #expect(known)
            // Raised by the triggers: once per insert, twice for the update (its old and its new week, here the same).
            #expect(revisionsAfter[week] == 4)
            #expect(left == 0)
            #expect(duplicate)
        }
    }

    /// PostgreSQL's own guard (`AgendaSchema.noOverlap`), written around the booking desk's lock and
    /// checks: at commit, an appointment overlapping another of the practitioner is refused (23P01,
    /// an exclusion violation) unless both are places of one group slot; a cancelled one, or one
    /// cancelled later in the same transaction (a move), is no obstacle.
    @Test func postgreSQLRefusesOverlappingAppointmentsAtCommit() async throws {
        try await withModuleTables(.postgresql) { database in
            let start = Date(timeIntervalSince1970: 1_773_046_800)
            @Sendable func appointment(_ id: String, at offset: Double, type: String = "consult") -> Appointment {
                Appointment(
                    id: id, practitionerId: "dr-a", siteId: "s1", appointmentTypeId: type, appointmentTypeLabel: type,
                    patientId: "pat-\(id)", patientName: nil, newPatient: false, caller: nil, start: start.addingTimeInterval(offset),
                    end: start.addingTimeInterval(offset + 900), status: .booked, sequence: 0, notes: nil, idempotencyKey: nil, createdAt: start,
                    updatedAt: start, bookedBy: "sec")
            }
            @Sendable func book(_ a: Appointment, capacity: Int, in db: any StoreConnection) throws {
                try AgendaStore.insert(
                    a, blockEnd: a.end, slotShare: AgendaStore.slotShare(of: a, capacity: capacity), practiceId: "p1", in: db)
            }
            try await database.write { db in try book(appointment("apt-1", at: 0), capacity: 1, in: db) }
            // Ten minutes into apt-1: refused at commit, whatever lock or check was skipped.
            let overlap = await #expect(throws: (any Error).self) {
                try await database.write { db in try book(appointment("apt-2", at: 600), capacity: 1, in: db) }
            }
            #expect(overlap.map { StoreFailure($0) } == .exclusionViolation, "\(String(describing: overlap))")
            // Right after it (ranges are half-open), and three places of one group slot: accepted.
            try await database.write { db in
                try book(appointment("apt-3", at: 900), capacity: 1, in: db)
                for n in 4...6 { try book(appointment("apt-\(n)", at: 3600, type: "group"), capacity: 3, in: db) }
            }
            // A capacity-1 appointment over the group slot: refused.
            await #expect(throws: (any Error).self) { try await database.write { db in try book(appointment("apt-7", at: 3700), capacity: 1, in: db) } }
            // A move: the new appointment, overlapping the old, is inserted before the old one is cancelled.
            try await database.write { db in
                try book(appointment("apt-8", at: -300), capacity: 1, in: db)
                try AgendaStore.update(status: .cancelled, id: "apt-1", practiceId: "p1", now: start, cancelReason: "moved", rescheduledTo: "apt-8", in: db)
            }
            let booked = try await database.read { db in
                try db.values(String.self, "SELECT id FROM agenda_appointment WHERE status = 'booked' ORDER BY id")
            }
            #expect(booked == ["apt-3", "apt-4", "apt-5", "apt-6", "apt-8"])
        }
    }

    @Test(arguments: engines) func messagingOpenMessagesLookupRunsOnBoth(engine: StoreEngine) async throws {
        try await withModuleTables(engine) { database in
            let query = try #require(MessagingStore.openMessagesQuery(patientIds: ["pat-1"], phones: ["+33600000001"], practiceId: "p1"))
            let rows = try await database.read { db in try db.rows(query.sql, query.arguments).count }
            #expect(rows == 0)
        }
    }
}
