package import Foundation
package import GRDB

/// A phrasing added by staff to a built-in or configuration entry (`faq.acceptSuggestion`), stored in
/// table `faq_extra_question` because those entries' own phrasings live in code or in the file.
/// The search indexes it with the entry's phrasings, and `faq.get` lists it among them.
/// Keyed by practice, entry and question key.
package struct FAQExtraQuestion: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "faq_extra_question"

    /// The practice the phrasing belongs to.
    package var practiceId: String
    package var entryId: String
    package var question: String
    /// The question's folded content words (`FrenchAnalyzer.key`), unique per entry.
    package var key: String
    package var addedAt: Date
    package var addedBy: String

    enum CodingKeys: String, CodingKey {
        case practiceId
        case entryId = "entry_id"
        case question
        case key = "question_key"
        case addedAt = "added_at"
        case addedBy = "added_by"
    }

    package init(practiceId: String, entryId: String, question: String, key: String, addedAt: Date, addedBy: String) {
        self.practiceId = practiceId
        self.entryId = entryId
        self.question = question
        self.key = key
        self.addedAt = addedAt
        self.addedBy = addedBy
    }

    /// Whether the practice already added a phrasing of `key` to `entryId`.
    package static func exists(entryId: String, key: String, practiceId: String, in db: Database) throws -> Bool {
        try fetchOne(db, key: ["practiceId": practiceId, "entry_id": entryId, "question_key": key]) != nil
    }

    /// The practice's added phrasings, oldest first.
    package static func all(practiceId: String, in db: Database) throws -> [FAQExtraQuestion] {
        try filter(Column("practiceId") == practiceId).order(Column("added_at"), Column("question_key")).fetchAll(db)
    }

    /// Creates the table.
    package static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("faq.v2.extraQuestions") { db in
            try db.create(table: databaseTableName) { t in
                t.column("entry_id", .text).notNull()
                t.column("question", .text).notNull()
                t.column("question_key", .text).notNull()
                t.column("added_at", .datetime).notNull()
                t.column("added_by", .text).notNull()
                t.primaryKey(["entry_id", "question_key"])
            }
        }
    }
}
