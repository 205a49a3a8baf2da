package import Foundation
package import Kernel

/// A phrasing added by staff to a built-in or configuration entry (`faq.acceptSuggestion`), stored in
/// table `faq_extra_question` because those entries' own phrasings live in code or in the file.
/// The search indexes it with the entry's phrasings, and `faq.get` lists it among them.
/// Keyed by practice, entry and question key.
package struct FAQExtraQuestion: Sendable, Hashable {
    /// The practice the phrasing belongs to.
    package var practiceId: String
    package var entryId: String
    package var question: String
    /// The question's folded content words (`FrenchAnalyzer.key`), unique per entry.
    package var key: String
    package var addedAt: Date
    package var addedBy: String

    package init(practiceId: String, entryId: String, question: String, key: String, addedAt: Date, addedBy: String) {
        self.practiceId = practiceId
        self.entryId = entryId
        self.question = question
        self.key = key
        self.addedAt = addedAt
        self.addedBy = addedBy
    }

    init(row: StoreRow) {
        self.init(
            practiceId: row["practiceId"], entryId: row["entry_id"], question: row["question"], key: row["question_key"],
            addedAt: Date(timeIntervalSince1970: row["added_at"]), addedBy: row["added_by"])
    }

    /// Stores the phrasing; the entry already having one of the same key is a unique violation.
    package func insert(in db: any StoreConnection) throws {
        try db.run(
            "INSERT INTO faq_extra_question(practiceId, entry_id, question, question_key, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?)",
            [practiceId, entryId, question, key, addedAt.timeIntervalSince1970, addedBy], cached: true)
    }

    /// Whether the practice already added a phrasing of `key` to `entryId`.
    package static func exists(entryId: String, key: String, practiceId: String, in db: any StoreConnection) throws -> Bool {
        try db.row(
            "SELECT 1 FROM faq_extra_question WHERE practiceId = ? AND entry_id = ? AND question_key = ?", [practiceId, entryId, key],
            cached: true) != nil
    }

    /// The practice's added phrasings, oldest first.
    package static func all(practiceId: String, in db: any StoreConnection) throws -> [FAQExtraQuestion] {
        try db.rows("SELECT * FROM faq_extra_question WHERE practiceId = ? ORDER BY added_at, question_key", [practiceId], cached: true)
            .map(FAQExtraQuestion.init(row:))
    }
}
