package import Foundation
package import Kernel

/// What a secretary chose after `faq.ask` (`faq.feedback`), stored in table `faq_feedback`: the
/// question as asked, the entry that answered it in the secretary's judgement (`nil`: none of
/// them), what the FAQ itself answered at that moment, who said so and when. Feedback where the
/// secretary's entry differs from the FAQ's answer is what `faq.suggestions` counts.
package struct FAQFeedback: Sendable, Hashable {
    /// The row id, set by `insert`.
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

    init(row: StoreRow) {
        self.init(
            practiceId: row["practiceId"], question: row["question"], key: row["question_key"], entryId: row["entry_id"],
            answeredEntryId: row["answered_entry_id"], siteId: row["site_id"], recordedAt: Date(timeIntervalSince1970: row["recorded_at"]),
            actor: row["actor"])
        id = row["id"]
    }

    /// Stores the feedback and sets its `id`.
    package mutating func insert(in db: any StoreConnection) throws {
        id = try db.value(
            Int64.self,
            """
            INSERT INTO faq_feedback(practiceId, question, question_key, entry_id, answered_entry_id, site_id, recorded_at, actor)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, [practiceId, question, key, entryId, answeredEntryId, siteId, recordedAt.timeIntervalSince1970, actor], cached: true)
    }

    /// The practice's feedback naming an entry (of `entryId` only, when given), oldest first.
    package static func choosingAnEntry(_ entryId: String? = nil, practiceId: String, in db: any StoreConnection) throws -> [FAQFeedback] {
        try db.rows(
            "SELECT * FROM faq_feedback WHERE practiceId = ?1 AND entry_id IS NOT NULL AND (entry_id = ?2 OR ?2 IS NULL) ORDER BY id",
            [practiceId, entryId], cached: true
        ).map(FAQFeedback.init(row:))
    }
}
