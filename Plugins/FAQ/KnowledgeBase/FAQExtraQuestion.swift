import Foundation
import GRDB

/// A phrasing added by staff to a built-in or configuration entry (`faq.acceptSuggestion`), stored in
/// table `faq_extra_question` because those entries' own phrasings live in code or in the file.
/// The search indexes it with the entry's phrasings, and `faq.get` lists it among them.
package struct FAQExtraQuestion: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "faq_extra_question"

    package var entryId: String
    package var question: String
    /// The question's folded content words (`FrenchAnalyzer.key`), unique per entry.
    package var key: String
    package var addedAt: Date
    package var addedBy: String

    enum CodingKeys: String, CodingKey {
        case entryId = "entry_id"
        case question
        case key = "question_key"
        case addedAt = "added_at"
        case addedBy = "added_by"
    }

    package init(entryId: String, question: String, key: String, addedAt: Date, addedBy: String) {
        self.entryId = entryId
        self.question = question
        self.key = key
        self.addedAt = addedAt
        self.addedBy = addedBy
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
