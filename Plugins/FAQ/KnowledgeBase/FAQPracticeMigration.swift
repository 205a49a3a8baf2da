import GRDB
import Kernel

/// `faq.v4-practice`: the FAQ's tables get their `practiceId` (existing rows: the database's owner).
///
/// A staff entry is keyed by practice and id, an added phrasing by practice, entry and question key
/// (two practices may both have an entry `parking`); feedback keeps its row id and is indexed by
/// practice, entry and question key, as `faq.suggestions` reads it.
enum FAQPracticeMigration {
    static func migrate(_ migrator: inout DatabaseMigrator) {
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
    }
}
