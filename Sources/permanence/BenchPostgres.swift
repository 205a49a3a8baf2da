import ArgumentParser
import Foundation
import GRDB
import Kernel
import PostgresStore
import Synchronization
import ThrowawayPostgres

/// `permanence bench postgres`: the risks of the PostgreSQL store, measured through the store seam
/// (`any StoreConnection`, each statement blocking a pool thread until the server answers) beside
/// SQLite through the same seam.
///
/// Measures the round trip of a trivial `SELECT`, the latency of a ten-statement write transaction
/// shaped like a booking (six reads, three inserts, one update: practitioner, patient, overlap check,
/// the patient's bookings, insert, read back, journal, outbox, practitioner update and read back), and
/// transactions committed per second by 1, 8, 32 and 64 concurrent callers (PostgreSQL: as many
/// connections and pool threads as callers; SQLite: the store's single writer with group commit).
/// Each with commits flushed (PostgreSQL's default; SQLite `synchronous = FULL`) and not
/// (`synchronous_commit = off`; SQLite `NORMAL`, the store's own setting). Without `--db` it starts a
/// throwaway cluster with PostgreSQL's default settings.
struct BenchPostgres: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "PostgreSQL through the store seam beside SQLite: statement round trip, booking-like transaction latency, commits/s by callers.")

    @Option(help: "A PostgreSQL database (postgres://user@host:port/db?sslmode=disable) whose bench_ tables may be dropped; by default a throwaway cluster.")
    var db: String?
    @Option(help: "Trivial SELECTs timed.") var selects = 5000
    @Option(help: "Transactions timed one after another, per setting.") var transactions = 1000
    @Option(help: "Concurrent callers, comma-separated.") var callers = "1,8,32,64"
    @Option(help: "Seconds per throughput measure.") var seconds = 3.0

    /// How commits reach the disk in a run.
    enum Flush: CaseIterable {
        case flushed, unflushed
        var postgres: String { self == .flushed ? "on" : "off" }
        var sqlite: String { self == .flushed ? "FULL" : "NORMAL" }
    }

    func run() async throws {
        #if DEBUG
            print("warning: debug build; build with `swift build -c release` for meaningful figures")
        #endif
        guard let db else {
            let cluster = try await PostgresCluster.start(durable: true)
            do {
                try await measure(url: try await cluster.makeDatabase(), throwaway: true)
            } catch {
                await cluster.stop()
                throw error
            }
            await cluster.stop()
            return
        }
        try await measure(url: db, throwaway: false)
    }

    func measure(url: String, throwaway: Bool) async throws {
        let levels = callers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let location = try PostgresLocation(url: url)
        let databaseName = "\"" + location.database.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("permanence-bench-postgres-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store(path: directory.appendingPathComponent("bench.sqlite").path)
        try await store.write { db in try Self.createSchema(db) }

        let admin = try await PostgresDatabase.open(url: url, connections: 1)
        try await admin.write { db in try Self.createSchema(db) }
        let version = try await admin.read { db in try db.value(String.self, "SHOW server_version") } ?? "?"
        print(
            "permanence bench postgres — PostgreSQL \(version) at \(location.redacted)"
                + (throwaway ? " (throwaway cluster, default settings)" : "") + " beside SQLite (WAL) in \(directory.path)")

        let sequence = BookingSequence()
        let next: @Sendable () -> Int = { sequence.next() }

        // Round trip of one statement, inside one transaction.
        let selects = self.selects
        let postgresSelect = try await admin.write { db in try Self.timeSelects(db, count: selects) }
        let sqliteSelect = try await store.write { db in try Self.timeSelects(db, count: selects) }
        print("")
        print("| measure | PostgreSQL | SQLite |")
        print("|---|---:|---:|")
        print("| trivial SELECT through the seam, p50 / p99 | \(Self.micro(postgresSelect)) | \(Self.micro(sqliteSelect)) |")

        var throughput: [Flush: (postgres: [Double], sqlite: [Double])] = [:]
        for flush in Flush.allCases {
            try await admin.write { db in
                try db.run("ALTER DATABASE \(databaseName) SET synchronous_commit = \(flush.postgres)")
            }
            try await store.sqlite!.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(flush.sqlite)") }

            let single = try await PostgresDatabase.open(url: url, connections: 1)
            var postgresLatency: [Double] = []
            var sqliteLatency: [Double] = []
            for _ in 0..<transactions {
                let n = next()
                let started = ContinuousClock.now
                try await single.write { db in try Self.book(db, n) }
                postgresLatency.append(Self.seconds(started.duration(to: .now)))
            }
            try await single.close()
            for _ in 0..<transactions {
                let n = next()
                let started = ContinuousClock.now
                try await store.write { db in try Self.book(db, n) }
                sqliteLatency.append(Self.seconds(started.duration(to: .now)))
            }
            print(
                "| ten-statement transaction, one caller, p50 / p99 (PostgreSQL synchronous_commit \(flush.postgres), SQLite synchronous \(flush.sqlite)) "
                    + "| \(Self.milli(postgresLatency)) | \(Self.milli(sqliteLatency)) |")

            var rates: (postgres: [Double], sqlite: [Double]) = ([], [])
            for level in levels {
                let database = try await PostgresDatabase.open(url: url, connections: level)
                rates.postgres.append(
                    try await Self.committedPerSecond(callers: level, seconds: seconds) {
                        let n = next()
                        try await database.write { db in try Self.book(db, n) }
                    })
                try await database.close()
                rates.sqlite.append(
                    try await Self.committedPerSecond(callers: level, seconds: seconds) {
                        let n = next()
                        try await store.write { db in try Self.book(db, n) }
                    })
            }
            throughput[flush] = rates
        }
        try await admin.write { db in try db.run("ALTER DATABASE \(databaseName) RESET synchronous_commit") }
        try await admin.close()

        print("")
        print("Ten-statement transactions committed per second (\(seconds) s per cell):")
        print("")
        print("| callers | PostgreSQL, commit flushed | PostgreSQL, synchronous_commit off | SQLite, synchronous FULL | SQLite, synchronous NORMAL |")
        print("|---:|---:|---:|---:|---:|")
        for (index, level) in levels.enumerated() {
            let cells = [throughput[.flushed]?.postgres, throughput[.unflushed]?.postgres, throughput[.flushed]?.sqlite, throughput[.unflushed]?.sqlite]
                .map { $0.map { String(Int($0[index])) } ?? "-" }
            print("| \(level) | " + cells.joined(separator: " | ") + " |")
        }
    }

    static let practitioners = 500
    static let patients = 5000

    /// The tables of the booking-like transaction, written once for both engines but for the
    /// generated key.
    static func createSchema(_ db: any StoreConnection) throws {
        let serial = db.engine == .sqlite ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        try db.run(
            """
            DROP TABLE IF EXISTS bench_outbox; DROP TABLE IF EXISTS bench_journal; DROP TABLE IF EXISTS bench_booking;
            DROP TABLE IF EXISTS bench_patient; DROP TABLE IF EXISTS bench_practitioner;
            CREATE TABLE bench_practitioner(id BIGINT PRIMARY KEY, name TEXT NOT NULL, lastBookedAt DOUBLE PRECISION);
            CREATE TABLE bench_patient(id BIGINT PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE bench_booking(
                bookingId TEXT PRIMARY KEY, practitionerId BIGINT NOT NULL, patientId BIGINT NOT NULL,
                startAt DOUBLE PRECISION NOT NULL, endAt DOUBLE PRECISION NOT NULL, status TEXT NOT NULL);
            CREATE INDEX bench_booking_slot ON bench_booking(practitionerId, startAt);
            CREATE INDEX bench_booking_patient ON bench_booking(patientId, startAt);
            CREATE TABLE bench_journal(seq \(serial), bookingId TEXT NOT NULL, event TEXT NOT NULL, at DOUBLE PRECISION NOT NULL);
            CREATE TABLE bench_outbox(seq \(serial), payload TEXT NOT NULL, status TEXT NOT NULL);
            """)
        for id in 0..<practitioners {
            try db.run("INSERT INTO bench_practitioner(id, name) VALUES (?, ?)", [id, "Dr Praticien \(id)"], cached: true)
        }
        for id in 0..<patients {
            try db.run("INSERT INTO bench_patient(id, name) VALUES (?, ?)", [id, "PATIENT \(id)"], cached: true)
        }
    }

    /// Booking number `n`: ten statements, each a round trip on PostgreSQL. Every booking has a slot
    /// of its own (no conflicts, no retries): what is measured is the statements, not contention.
    static func book(_ db: any StoreConnection, _ n: Int) throws {
        let practitioner = n % practitioners
        let patient = (n &* 7919) % patients
        let start = 1_800_000_000.0 + Double(n / practitioners) * 900
        let end = start + 900
        let bookingId = "bk-\(n)"
        guard try db.value(String.self, "SELECT name FROM bench_practitioner WHERE id = ?", [practitioner], cached: true) != nil,
            try db.value(String.self, "SELECT name FROM bench_patient WHERE id = ?", [patient], cached: true) != nil
        else { throw CommandFailure("booking \(n): unknown practitioner or patient") }
        let overlapping = try db.value(
            Int.self,
            "SELECT count(*) FROM bench_booking WHERE practitionerId = ? AND startAt > ? AND startAt < ? AND endAt > ? AND status = 'booked'",
            [practitioner, start - 86_400, end, start], cached: true)
        guard overlapping == 0 else { throw CommandFailure("booking \(n): slot taken") }
        _ = try db.value(Int.self, "SELECT count(*) FROM bench_booking WHERE patientId = ? AND startAt >= ?", [patient, start], cached: true)
        try db.run(
            "INSERT INTO bench_booking(bookingId, practitionerId, patientId, startAt, endAt, status) VALUES (?, ?, ?, ?, ?, 'booked')",
            [bookingId, practitioner, patient, start, end], cached: true)
        guard try db.value(String.self, "SELECT status FROM bench_booking WHERE bookingId = ?", [bookingId], cached: true) == "booked" else {
            throw CommandFailure("booking \(n): not read back")
        }
        try db.run("INSERT INTO bench_journal(bookingId, event, at) VALUES (?, 'booked', ?)", [bookingId, start], cached: true)
        try db.run(
            "INSERT INTO bench_outbox(payload, status) VALUES (?, 'pending')", [#"{"type":"booking.created","bookingId":"\#(bookingId)"}"#],
            cached: true)
        try db.run("UPDATE bench_practitioner SET lastBookedAt = ? WHERE id = ?", [start, practitioner], cached: true)
        guard try db.value(Double.self, "SELECT lastBookedAt FROM bench_practitioner WHERE id = ?", [practitioner], cached: true) != nil else {
            throw CommandFailure("booking \(n): practitioner not updated")
        }
    }

    static func timeSelects(_ db: any StoreConnection, count: Int) throws -> [Double] {
        var timings: [Double] = []
        timings.reserveCapacity(count)
        for _ in 0..<count {
            let started = ContinuousClock.now
            guard try db.value(Int.self, "SELECT 1", cached: true) == 1 else { throw CommandFailure("SELECT 1 did not answer 1") }
            timings.append(seconds(started.duration(to: .now)))
        }
        return timings
    }

    /// Transactions committed per second by `callers` tasks each calling `transaction` in a loop.
    static func committedPerSecond(callers: Int, seconds: Double, _ transaction: @escaping @Sendable () async throws -> Void) async throws -> Double {
        let started = ContinuousClock.now
        let deadline = started.advanced(by: .milliseconds(Int64(seconds * 1000)))
        let committed = BookingSequence()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<callers {
                group.addTask {
                    while ContinuousClock.now < deadline {
                        try await transaction()
                        _ = committed.next()
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(committed.count) / Self.seconds(started.duration(to: .now))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func micro(_ values: [Double]) -> String {
        let sorted = values.sorted()
        func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * q))] * 1e6 }
        return String(format: "%.0f µs / %.0f µs", at(0.5), at(0.99))
    }

    static func milli(_ values: [Double]) -> String {
        "\(BenchAgenda.ms(values, 0.5)) ms / \(BenchAgenda.ms(values, 0.99)) ms"
    }
}

/// A count shared by concurrent callers: booking numbers, commits.
private final class BookingSequence: Sendable {
    private let counter = Atomic<Int>(0)
    func next() -> Int { counter.add(1, ordering: .relaxed).newValue }
    var count: Int { counter.load(ordering: .relaxed) }
}
