import Foundation
import GRDB
import Kernel
import Testing

@testable import Agenda

/// The PostgreSQL schema (`agenda.pg1`) against the tables SQLite's migrations leave: the same
/// tables, columns (name, type, NOT NULL) and indexes, so that every statement of the agenda's
/// stores finds on either engine what it reads.
@Suite struct AgendaSchemaTests {
    /// A column as declared: its name (lower case, unquoted), its type mapped to PostgreSQL's, and
    /// whether it is NOT NULL (a primary key's column counts as such on both engines).
    struct Column: Hashable, CustomStringConvertible {
        let name: String
        let type: String
        let notNull: Bool
        var description: String { "\(name) \(type)\(notNull ? " NOT NULL" : "")" }
    }

    /// SQLite's declared types as `agenda.pg1` writes them: instants `DOUBLE PRECISION`, integers
    /// and flags `BIGINT`, text `TEXT`.
    static func postgreSQLType(ofSQLite declared: String) -> String {
        switch declared.uppercased() {
        case "DOUBLE", "REAL": "DOUBLE PRECISION"
        case "INTEGER", "BOOLEAN": "BIGINT"
        default: declared.uppercased()
        }
    }

    /// The columns of each `CREATE TABLE` of `agenda.pg1` and those later steps add, by table; `rowid`
    /// left out (SQLite's is implicit).
    static func postgreSQLTables() -> [String: Set<Column>] {
        var tables: [String: Set<Column>] = [:]
        for statement in AgendaSchema.tables.components(separatedBy: ";") {
            let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.hasPrefix("CREATE TABLE "), let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else { continue }
            let table = text[text.index(text.startIndex, offsetBy: 13)..<open].trimmingCharacters(in: .whitespaces)
            var depth = 0
            var parts: [String] = [""]
            for character in text[text.index(after: open)..<close] {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                if character == "," && depth == 0 { parts.append("") } else { parts[parts.count - 1].append(character) }
            }
            let primaryKey = parts.first { $0.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("PRIMARY KEY") }
            let keyColumns = Set(
                (primaryKey ?? "").drop { $0 != "(" }.dropFirst().prefix { $0 != ")" }.split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces).lowercased()
                })
            var columns: Set<Column> = []
            for part in parts {
                let words = part.split(whereSeparator: \.isWhitespace).map(String.init)
                guard let first = words.first, first != "PRIMARY", first.lowercased() != "rowid" else { continue }
                let name = first.replacingOccurrences(of: "\"", with: "").lowercased()
                let type = words.count > 2 && words[1] == "DOUBLE" ? "DOUBLE PRECISION" : words[1]
                let notNull = part.contains("NOT NULL") || part.contains("PRIMARY KEY") || keyColumns.contains(name)
                columns.insert(Column(name: name, type: type, notNull: notNull))
            }
            tables[table] = columns
        }
        // Later steps' `ALTER TABLE t ADD COLUMN c TYPE` (nullable).
        for statement in AgendaSchema.noOverlap.components(separatedBy: ";") {
            let words = statement.split(whereSeparator: \.isWhitespace).map(String.init)
            guard words.count >= 7, words[0] == "ALTER", words[3] == "ADD", words[4] == "COLUMN" else { continue }
            tables[words[2], default: []].insert(Column(name: words[5].lowercased(), type: words[6], notNull: false))
        }
        return tables
    }

    /// Each index of `agenda.pg1` as `name: table(columns) [WHERE …]`, with UNIQUE.
    static func postgreSQLIndexes() -> Set<String> {
        Set(
            AgendaSchema.tables.components(separatedBy: ";").compactMap { statement -> String? in
                let text = statement.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " ")
                guard text.hasPrefix("CREATE INDEX ") || text.hasPrefix("CREATE UNIQUE INDEX ") else { return nil }
                return normalized(text)
            })
    }

    /// An index statement without the spacing, case and quotes either engine keeps (GRDB quotes
    /// names; PostgreSQL needs `"end"` quoted).
    static func normalized(_ sql: String) -> String {
        sql.lowercased().replacingOccurrences(of: "\"", with: "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .replacingOccurrences(of: " (", with: "(")
    }

    @Test("agenda.pg1 has every table, column and index SQLite's migrations leave, with the same types and NOT NULL")
    func postgreSQLSchemaMatchesSQLite() async throws {
        let h = try await AgendaHarness(store: try Store())
        defer { Task { await h.stop() } }
        let (sqliteTables, sqliteIndexes) = try await h.host.store.read { db in
            var tables: [String: Set<Column>] = [:]
            for table in AgendaPracticeMigration.tables {
                tables[table] = Set(
                    try db.rows("PRAGMA table_info(\(table))").map { row in
                        Column(
                            name: (row["name"] as String).lowercased(), type: Self.postgreSQLType(ofSQLite: row["type"]),
                            notNull: (row["notnull"] as Int) == 1 || (row["pk"] as Int) > 0)
                    })
            }
            let indexes = try db.values(String.self, "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'agenda_%' AND sql IS NOT NULL")
            return (tables, Set(indexes.map(Self.normalized)))
        }
        let postgreSQL = Self.postgreSQLTables()
        #expect(Set(postgreSQL.keys) == Set(AgendaPracticeMigration.tables))
        for (table, columns) in sqliteTables {
            let other = postgreSQL[table] ?? []
            #expect(columns == other, "\(table): SQLite only \(columns.subtracting(other)), PostgreSQL only \(other.subtracting(columns))")
        }
        // SQLite's implicit indexes (primary keys, `UNIQUE`) are not listed: they are declared with their tables.
        let postgreSQLIndexes = Self.postgreSQLIndexes()
        #expect(
            sqliteIndexes == postgreSQLIndexes,
            "SQLite only \(sqliteIndexes.subtracting(postgreSQLIndexes)), PostgreSQL only \(postgreSQLIndexes.subtracting(sqliteIndexes))")
    }
}
