import PostgresStore
import Testing

/// SQLite's placeholders and hints as PostgreSQL takes them, with no server: only text outside
/// literals, quoted identifiers, comments and dollar-quoted bodies is rewritten.
@Suite struct PostgresDialectTests {
    private func rewrite(_ sql: String) -> String? {
        let statements = PostgresDialect.rewrite(sql)
        return statements.count == 1 ? statements[0].sql : nil
    }

    @Test func placeholdersAreNumberedInOrder() {
        #expect(rewrite("SELECT a FROM t WHERE b = ? AND c = ?") == "SELECT a FROM t WHERE b = $1 AND c = $2")
        #expect(rewrite("SELECT ?::text, ?") == "SELECT $1::text, $2")
        #expect(PostgresDialect.rewrite("INSERT INTO t VALUES (?, ?, ?)").first?.parameterCount == 3)
    }

    @Test func numberedPlaceholdersKeepTheirNumberAndMayRepeat() {
        #expect(rewrite("SELECT * FROM t WHERE a = ?1 OR b = ?1 OR c = ?3") == "SELECT * FROM t WHERE a = $1 OR b = $1 OR c = $3")
        #expect(PostgresDialect.rewrite("SELECT ?1, ?3, ?1").first?.parameterCount == 3)
        // As SQLite numbers it: a bare ? follows the highest number so far.
        #expect(rewrite("VALUES (?2, ?, ?1)") == "VALUES ($2, $3, $1)")
        #expect(rewrite("VALUES (?12)") == "VALUES ($12)")
    }

    @Test func literalsAndQuotedNamesAreLeftAlone() {
        #expect(rewrite("SELECT '?', 'it''s ?', \"odd?name\" FROM t WHERE x = ?") == "SELECT '?', 'it''s ?', \"odd?name\" FROM t WHERE x = $1")
        #expect(rewrite("SELECT E'a\\'?', ? ") == "SELECT E'a\\'?', $1 ")
        #expect(rewrite("SELECT \"a\"\"?\", ?") == "SELECT \"a\"\"?\", $1")
        #expect(rewrite("SELECT $$ ? ; $$, $body$ it's ? $body$, ?") == "SELECT $$ ? ; $$, $body$ it's ? $body$, $1")
        #expect(rewrite("SELECT $1 + 1") == "SELECT $1 + 1", "PostgreSQL's own placeholders pass through")
    }

    @Test func commentsAreLeftAlone() {
        #expect(rewrite("SELECT ? -- why? because;\nFROM t") == "SELECT $1 -- why? because;\nFROM t")
        #expect(rewrite("SELECT /* ? /* nested ? */ still ?; */ ?") == "SELECT /* ? /* nested ? */ still ?; */ $1")
        #expect(rewrite("SELECT 5 - -1, ?") == "SELECT 5 - -1, $1")
    }

    @Test func indexHintsAreRemoved() {
        #expect(rewrite("SELECT k FROM t INDEXED BY t_v WHERE v = ?") == "SELECT k FROM t  WHERE v = $1")
        #expect(rewrite("SELECT k FROM t indexed\n  by \"Odd Index\" WHERE v = ?") == "SELECT k FROM t  WHERE v = $1")
        #expect(rewrite("SELECT indexed, indexedby FROM t WHERE 'INDEXED BY x' = ?") == "SELECT indexed, indexedby FROM t WHERE 'INDEXED BY x' = $1")
    }

    @Test func instrIsStrpos() {
        #expect(rewrite("SELECT id FROM t WHERE instr(params, ?) > 0 OR INSTR (a, 'x')") == "SELECT id FROM t WHERE strpos(params, $1) > 0 OR strpos (a, 'x')")
        #expect(rewrite("SELECT instr, 'instr(' FROM t") == "SELECT instr, 'instr(' FROM t")
    }

    @Test func severalStatementsAreSplitAtTheirSemicolons() {
        let statements = PostgresDialect.rewrite(
            """
            CREATE TABLE a(x TEXT DEFAULT ';');  -- first; still a comment
            INSERT INTO a VALUES ('x;y');;
            /* trailing; */
            """)
        #expect(
            statements.map(\.sql) == [
                "CREATE TABLE a(x TEXT DEFAULT ';')",
                "  -- first; still a comment\nINSERT INTO a VALUES ('x;y')"
            ])
        #expect(PostgresDialect.rewrite("  -- nothing\n ; ").isEmpty)
        #expect(PostgresDialect.rewrite("SELECT ?; SELECT ?, ?").map(\.parameterCount) == [1, 2])
    }
}
