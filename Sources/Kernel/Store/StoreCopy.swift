import Crypto
package import Foundation

/// Copies a SQLite store's rows into an empty server store whose schema is applied, table by table,
/// then verifies each table on both sides: the row count and an order-free checksum of every row's
/// values (as the target's column types hold them).
///
/// Promises: the target must be empty (a table with rows stops the copy before anything is
/// written); the tables copied are those both sides have, every column the target has (a table
/// paged by `rowid` keeps SQLite's rowids); identity sequences continue after the copied ids; a
/// table whose count or checksum differs is reported, never hidden.
package struct StoreCopy: Sendable {
    /// What was copied and verified for one table.
    package struct Table: Sendable, Equatable {
        package var name: String
        package var rows: Int
        /// Hex of the checksum both sides gave (equal when `verified`).
        package var checksum: String
        package var verified: Bool
    }

    /// Why the copy did not start or did not verify.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// A target column: its name, type and whether the copy writes it.
    private struct Column: Sendable {
        let name: String
        let type: String
        /// `GENERATED ALWAYS AS IDENTITY`: written with `OVERRIDING SYSTEM VALUE`.
        let identityAlways: Bool
        /// An identity column (either kind): its sequence continues after the copy.
        let identity: Bool
    }

    let source: Store
    let target: Store

    package init(from source: Store, to target: Store) {
        self.source = source
        self.target = target
    }

    /// Tables never copied: the migrators' own, and SQLite's record of which practice owned a
    /// database written before rows carried their practice (a PostgreSQL database has no such past).
    static let skipped: Set<String> = ["grdb_migrations", "store_migration", "kernel_database_owner"]

    /// Copies every table both stores have, then verifies them; `progress` is told each table once done.
    package func run(progress: @Sendable (Table) -> Void = { _ in }) async throws -> [Table] {
        guard source.sqlite != nil, target.server != nil else { throw Failure(description: "store copy goes from a SQLite file to a PostgreSQL database") }
        let sourceTables = try await source.read { db in
            try db.values(String.self, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        }.filter { !Self.skipped.contains($0) }
        // The target's columns, generated ones left out (PostgreSQL computes them).
        let columnsByTable = try await target.read { db in
            Dictionary(
                grouping: try db.rows(
                    """
                    SELECT table_name, column_name, data_type, is_identity, identity_generation FROM information_schema.columns
                    WHERE table_schema = 'public' AND is_generated <> 'ALWAYS' ORDER BY table_name, ordinal_position
                    """
                ),
                by: { $0["table_name"] as String }
            ).mapValues { rows in
                rows.map { row in
                    Column(
                        name: row["column_name"], type: row["data_type"], identityAlways: (row["identity_generation"] as String?) == "ALWAYS",
                        identity: (row["is_identity"] as String?) == "YES")
                }
            }
        }
        let missing = sourceTables.filter { columnsByTable[$0.lowercased()] == nil }
        guard missing.isEmpty else {
            throw Failure(description: "tables of the SQLite file the PostgreSQL schema lacks: \(missing.joined(separator: ", ")) (is this the same version?)")
        }
        let tables = sourceTables
        for table in tables {
            let count = try await target.read { db in try db.value(Int64.self, "SELECT COUNT(*) FROM \"\(table.lowercased())\"") ?? 0 }
            guard count == 0 else { throw Failure(description: "the target is not empty: \(table) has \(count) rows; copy into a new database") }
        }
        // The rows are copied as they are: the target's triggers (the agenda's week revisions, kept
        // by triggers on its appointments) must not add to them meanwhile.
        try await setTriggers(enabled: false, on: tables)
        var done: [Table] = []
        do {
            for table in tables {
                let result = try await copy(table, columns: columnsByTable[table.lowercased()] ?? [])
                progress(result)
                done.append(result)
            }
        } catch {
            try? await setTriggers(enabled: true, on: tables)
            throw error
        }
        try await setTriggers(enabled: true, on: tables)
        return done
    }

    /// Disables or enables the target's own triggers of `tables` (its owner may; no superuser needed).
    private func setTriggers(enabled: Bool, on tables: [String]) async throws {
        try await target.write { db in
            for table in tables { try db.run("ALTER TABLE \"\(table.lowercased())\" \(enabled ? "ENABLE" : "DISABLE") TRIGGER USER") }
        }
    }

    private func copy(_ table: String, columns targetColumns: [Column]) async throws -> Table {
        let (source, target) = (self.source, self.target)
        // Off the task pool: the SQLite read streams its rows into PostgreSQL inserts, both waiting calls.
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try Self.copy(table, columns: targetColumns, from: source, to: target) })
            }
        }
    }

    /// Streams `table` from one SQLite read transaction into batched inserts, then verifies it.
    private static func copy(_ table: String, columns targetColumns: [Column], from source: Store, to target: Store) throws -> Table {
        let quotedTable = "\"\(table.lowercased())\""
        let (sourceNames, rowidTable) = try source.readWaiting { db in
            (
                try db.rows("SELECT name FROM pragma_table_info(?)", [table]).map { ($0["name"] as String).lowercased() },
                try db.value(Int64.self, "SELECT COUNT(*) FROM sqlite_master WHERE name = ? AND sql LIKE '%WITHOUT ROWID%'", [table]) == 0
            )
        }
        // The target's columns SQLite has, and `rowid` where the target keeps SQLite's rowid.
        let columns = targetColumns.filter { sourceNames.contains($0.name) || ($0.name == "rowid" && rowidTable) }
        let selectList = columns.map { $0.name == "rowid" && !sourceNames.contains("rowid") ? "rowid AS rowid" : "\"\($0.name)\"" }
            .joined(separator: ", ")
        let insertList = columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let overriding = columns.contains { $0.identityAlways } ? " OVERRIDING SYSTEM VALUE" : ""
        let types = columns.map(\.type)
        let perStatement = max(1, min(500, 60_000 / max(1, columns.count)))
        let rowPlaceholder = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        func flush(_ batch: [[StoreValue]]) throws {
            guard !batch.isEmpty else { return }
            let sql =
                "INSERT INTO \(quotedTable)(\(insertList))\(overriding) VALUES " + Array(repeating: rowPlaceholder, count: batch.count).joined(separator: ", ")
            try target.writeWaiting { db in try db.run(sql, StoreArguments(values: batch.flatMap { $0 })) }
        }
        var sourceSum = Checksum()
        var rows = 0
        try source.readWaiting { db in
            var batch: [[StoreValue]] = []
            batch.reserveCapacity(perStatement)
            var failure: (any Error)?
            try db.forEachRow("SELECT \(selectList) FROM \(quotedTable)", [], cached: false) { row in
                let values = zip(columns, types).map { column, type in converted(row.value(column.name), to: type) }
                sourceSum.add(values)
                rows += 1
                batch.append(values)
                if batch.count == perStatement {
                    do { try flush(batch) } catch {
                        failure = error
                        return false
                    }
                    batch.removeAll(keepingCapacity: true)
                }
                return true
            }
            if let failure { throw failure }
            try flush(batch)
        }
        for column in columns where column.identity {
            try target.writeWaiting { db in
                try db.run(
                    "SELECT setval(pg_get_serial_sequence('\(quotedTable)', '\(column.name)'), COALESCE(MAX(\"\(column.name)\"), 0) + 1, false) FROM \(quotedTable)"
                )
            }
        }
        // Verify: the target's rows, read back, give the same count and checksum.
        let (targetRows, targetSum) = try target.readWaiting { db -> (Int, Checksum) in
            var sum = Checksum()
            var n = 0
            try db.forEachRow("SELECT \(insertList) FROM \(quotedTable)", [], cached: false) { row in
                sum.add(zip(columns, types).map { column, type in converted(row.value(column.name), to: type) })
                n += 1
                return true
            }
            return (n, sum)
        }
        return Table(name: table, rows: rows, checksum: sourceSum.hex, verified: targetRows == rows && targetSum == sourceSum)
    }

    /// `value` as a column of PostgreSQL type `type` holds it (SQLite's columns take any value).
    static func converted(_ value: StoreValue, to type: String) -> StoreValue {
        switch (type, value) {
        case (_, .null): return .null
        case ("bigint", .real(let d)), ("integer", .real(let d)), ("smallint", .real(let d)):
            return d.rounded() == d && abs(d) < 9.2e18 ? .integer(Int64(d)) : .real(d)
        case ("bigint", .text(let s)), ("integer", .text(let s)), ("smallint", .text(let s)):
            return Int64(s).map(StoreValue.integer) ?? .text(s)
        case ("double precision", .integer(let i)), ("real", .integer(let i)): return .real(Double(i))
        case ("double precision", .text(let s)), ("real", .text(let s)): return Double(s).map(StoreValue.real) ?? .text(s)
        case ("text", .integer(let i)): return .text(String(i))
        case ("text", .real(let d)): return .text(String(d))
        case ("text", .blob(let data)): return .text(String(decoding: data, as: UTF8.self))
        case ("bytea", .text(let s)): return .blob(Data(s.utf8))
        default: return value
        }
    }

    /// An order-free checksum of rows: the wrapping sum of each row's SHA-256 (first 16 bytes, as two words).
    struct Checksum: Equatable, Sendable {
        var high: UInt64 = 0
        var low: UInt64 = 0

        mutating func add(_ values: [StoreValue]) {
            var hasher = SHA256()
            for value in values {
                switch value {
                case .null: hasher.update(data: [0])
                case .integer(let i): hasher.update(data: Array("i\(i);".utf8))
                case .real(let d): hasher.update(data: Array("r\(d.bitPattern);".utf8))
                case .text(let s): hasher.update(data: Array("t\(s.utf8.count):\(s)".utf8))
                case .blob(let b): hasher.update(data: Array("b\(b.count):".utf8) + Array(b))
                }
            }
            let digest = Array(hasher.finalize())
            high &+= digest[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
            low &+= digest[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
        }

        var hex: String { String(format: "%016llx%016llx", high, low) }
    }
}
