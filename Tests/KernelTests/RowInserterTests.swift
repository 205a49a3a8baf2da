import Foundation
import GRDB
import Kernel
import Testing

/// `RowInserter` binds what `StoreArguments` binds: text (empty and not), NULL of every kind,
/// reals and integers; an error names the statement and leaves it usable.
@Suite struct RowInserterTests {
    @Test func itStoresWhatItIsGivenAndReportsConflicts() async throws {
        let store = try Store()
        let rows = try await store.write { db in
            try db.run("CREATE TABLE t(k TEXT PRIMARY KEY, s TEXT, r REAL, i INTEGER)")
            let insert = try RowInserter(db, sql: "INSERT OR IGNORE INTO t(k, s, r, i) VALUES (?, ?, ?, ?)")
            let strict = try RowInserter(db, sql: "INSERT INTO t(k, s, r, i) VALUES (?, ?, ?, ?)")
            #expect(try insert.run(.text("a"), .text(""), .real(1.5), .integer(-3), in: db) == 1)
            #expect(try insert.run(.text("b"), .text(nil), .real(nil), .integer(nil), in: db) == 1)
            #expect(try insert.run(.text("c"), .text("é \u{1F600}"), .real(-0.25), .integer(Int64.max), in: db) == 1)
            #expect(try insert.run(.text("a"), .text("again"), .real(0), .integer(0), in: db) == 0) // ignored
            #expect {
                try strict.run(.text("a"), .text("again"), .real(0), .integer(0), in: db)
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT && (error as? DatabaseError)?.sql?.contains("INSERT INTO t") == true
            }
            #expect(try strict.run(.text("d"), .text("after"), .real(2), .integer(4), in: db) == 1)
            return try db.values(String.self, "SELECT quote(k) || ' ' || quote(s) || ' ' || quote(r) || ' ' || quote(i) FROM t ORDER BY k")
        }
        #expect(rows == ["'a' '' 1.5 -3", "'b' NULL NULL NULL", "'c' 'é \u{1F600}' -0.25 9223372036854775807", "'d' 'after' 2.0 4"])
    }
}
