import GRDB
import Kernel

/// The FAQ's tables: on SQLite version by version (applied in this order, each once), on
/// PostgreSQL as they are today (`register(_: inout SchemaMigrations)`).
///
/// `faq.v4-practice`: the tables get their `practiceId` (existing rows: the database's owner). A
/// staff entry is keyed by practice and id, an added phrasing by practice, entry and question key
/// (two practices may both have an entry `parking`); feedback keeps its row id and is indexed by
/// practice, entry and question key, as `faq.suggestions` reads it.
///
/// `faq.v5-instants-in-seconds`: instants become UTC seconds, as every other module stores them,
/// instead of the `yyyy-MM-dd HH:mm:ss.SSS` text the first versions wrote; the same stored value then
/// reads alike on SQLite and PostgreSQL. Milliseconds are kept.
enum FAQMigrations {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("faq.v1.entries") { db in
            try db.create(table: "faq_entry") { t in
                t.primaryKey("id", .text)
                t.column("questions", .text).notNull()
                t.column("answer", .text).notNull()
                t.column("site_id", .text)
                t.column("hidden", .boolean).notNull().defaults(to: false)
                t.column("updated_at", .datetime).notNull()
                t.column("updated_by", .text).notNull()
            }
        }
        migrator.registerMigration("faq.v2.extraQuestions") { db in
            try db.create(table: "faq_extra_question") { t in
                t.column("entry_id", .text).notNull()
                t.column("question", .text).notNull()
                t.column("question_key", .text).notNull()
                t.column("added_at", .datetime).notNull()
                t.column("added_by", .text).notNull()
                t.primaryKey(["entry_id", "question_key"])
            }
        }
        migrator.registerMigration("faq.v3.feedback") { db in
            try db.create(table: "faq_feedback") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("question", .text).notNull()
                t.column("question_key", .text).notNull()
                t.column("entry_id", .text)
                t.column("answered_entry_id", .text)
                t.column("site_id", .text)
                t.column("recorded_at", .datetime).notNull()
                t.column("actor", .text).notNull()
            }
            try db.create(index: "faq_feedback_entry", on: "faq_feedback", columns: ["entry_id", "question_key"])
        }
        migrator.registerMigration("faq.v4-practice") { db in
            for table in ["faq_entry", "faq_extra_question", "faq_feedback"] { try PracticeColumn.add(to: table, in: db) }
            // SQLite cannot change a primary key: the two keyed tables are rebuilt with the practice first.
            try db.execute(
                sql: """
                    CREATE TABLE faq_entry_new(
                      "practiceId" TEXT NOT NULL, "id" TEXT NOT NULL, "questions" TEXT NOT NULL, "answer" TEXT NOT NULL, "site_id" TEXT,
                      "hidden" BOOLEAN NOT NULL DEFAULT 0, "updated_at" DATETIME NOT NULL, "updated_by" TEXT NOT NULL,
                      PRIMARY KEY("practiceId", "id"));
                    INSERT INTO faq_entry_new(practiceId, id, questions, answer, site_id, hidden, updated_at, updated_by)
                      SELECT practiceId, id, questions, answer, site_id, hidden, updated_at, updated_by FROM faq_entry;
                    DROP TABLE faq_entry;
                    ALTER TABLE faq_entry_new RENAME TO faq_entry;
                    CREATE TABLE faq_extra_question_new(
                      "practiceId" TEXT NOT NULL, "entry_id" TEXT NOT NULL, "question" TEXT NOT NULL, "question_key" TEXT NOT NULL,
                      "added_at" DATETIME NOT NULL, "added_by" TEXT NOT NULL,
                      PRIMARY KEY("practiceId", "entry_id", "question_key"));
                    INSERT INTO faq_extra_question_new(practiceId, entry_id, question, question_key, added_at, added_by)
                      SELECT practiceId, entry_id, question, question_key, added_at, added_by FROM faq_extra_question;
                    DROP TABLE faq_extra_question;
                    ALTER TABLE faq_extra_question_new RENAME TO faq_extra_question;
                    DROP INDEX faq_feedback_entry;
                    CREATE INDEX faq_feedback_entry ON faq_feedback(practiceId, entry_id, question_key);
                    """)
        }
        migrator.registerMigration("faq.v5-instants-in-seconds") { db in
            for (table, column) in [("faq_entry", "updated_at"), ("faq_extra_question", "added_at"), ("faq_feedback", "recorded_at")] {
                try db.execute(
                    sql: """
                        UPDATE \(table) SET \(column) = round((julianday(\(column)) - 2440587.5) * 86400000.0) / 1000.0
                        WHERE typeof(\(column)) = 'text'
                        """)
            }
        }
    }

    /// The same tables on PostgreSQL, today's schema in one step. Flags are `BIGINT` 0/1 and instants
    /// `DOUBLE PRECISION` seconds, as SQLite holds them, so that a row reads alike on both engines.
    static func register(_ schema: inout SchemaMigrations) {
        schema.register(
            "faq.pg1",
            sql: """
                CREATE TABLE faq_entry(
                  practiceId TEXT NOT NULL, id TEXT NOT NULL, questions TEXT NOT NULL, answer TEXT NOT NULL, site_id TEXT,
                  hidden BIGINT NOT NULL DEFAULT 0, updated_at DOUBLE PRECISION NOT NULL, updated_by TEXT NOT NULL,
                  PRIMARY KEY(practiceId, id));
                CREATE TABLE faq_extra_question(
                  practiceId TEXT NOT NULL, entry_id TEXT NOT NULL, question TEXT NOT NULL, question_key TEXT NOT NULL,
                  added_at DOUBLE PRECISION NOT NULL, added_by TEXT NOT NULL, PRIMARY KEY(practiceId, entry_id, question_key));
                CREATE TABLE faq_feedback(
                  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, practiceId TEXT NOT NULL, question TEXT NOT NULL,
                  question_key TEXT NOT NULL, entry_id TEXT, answered_entry_id TEXT, site_id TEXT, recorded_at DOUBLE PRECISION NOT NULL,
                  actor TEXT NOT NULL);
                CREATE INDEX faq_feedback_entry ON faq_feedback(practiceId, entry_id, question_key);
                """)
    }
}
