package import Foundation
package import GRDB

/// What a secretary chose after `faq.ask` (`faq.feedback`), stored in table `faq_feedback`: the
/// question as asked, the entry that answered it in the secretary's judgement (`nil`: none of
/// them), what the FAQ itself answered at that moment, who said so and when. Feedback where the
/// secretary's entry differs from the FAQ's answer is what `faq.suggestions` counts.
package struct FAQFeedback: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "faq_feedback"

    package var id: Int64?
    /// The practice whose secretary said so.
    package var practiceId: String
    package var question: String
    /// The question's folded content words (`FrenchAnalyzer.key`): phrasings with the same key are counted together.
    package var key: String
    /// The entry the secretary chose; `nil` when none fits.
    package var entryId: String?
    /// The entry `faq.ask` answered with confidence at the time; `nil` when it refused.
    package var answeredEntryId: String?
    package var siteId: String?
    package var recordedAt: Date
    package var actor: String

    enum CodingKeys: String, CodingKey {
        case id, practiceId, question
        case key = "question_key"
        case entryId = "entry_id"
        case answeredEntryId = "answered_entry_id"
        case
            siteId = "site_id"
        case recordedAt = "recorded_at"
        case actor
    }

    package init(
        practiceId: String, question: String, key: String, entryId: String?, answeredEntryId: String?, siteId: String?,
        recordedAt: Date, actor: String
    ) {
        self.practiceId = practiceId
        self.question = question
        self.key = key
        self.entryId = entryId
        self.answeredEntryId = answeredEntryId
        self.siteId = siteId
        self.recordedAt = recordedAt
        self.actor = actor
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The practice's feedback naming an entry (of `entryId` only, when given), oldest first.
    package static func choosingAnEntry(_ entryId: String? = nil, practiceId: String, in db: Database) throws -> [FAQFeedback] {
        var request = filter(Column("practiceId") == practiceId && Column("entry_id") != nil)
        if let entryId { request = request.filter(Column("entry_id") == entryId) }
        return try request.order(Column("id")).fetchAll(db)
    }

    /// Creates the table.
    package static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("faq.v3.feedback") { db in
            try db.create(table: databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("question", .text).notNull()
                t.column("question_key", .text).notNull()
                t.column("entry_id", .text)
                t.column("answered_entry_id", .text)
                t.column("site_id", .text)
                t.column("recorded_at", .datetime).notNull()
                t.column("actor", .text).notNull()
            }
            try db.create(index: "faq_feedback_entry", on: databaseTableName, columns: ["entry_id", "question_key"])
        }
    }
}
