package import Foundation
package import Kernel

/// A staff edit of the knowledge base, stored in the `faq_entry` table (owned by this plugin).
///
/// A row either defines an entry (winning over a configuration entry with the same id) or, when
/// `hidden`, hides the configuration entry with that id (what `faq.delete` of a file entry leaves).
/// Keyed by practice and id: each practice has its own entries.
package struct FAQStaffEdit: Sendable, Hashable {
    /// The practice the edit belongs to.
    package var practiceId: String
    package var id: String
    /// JSON array of phrasings.
    package var questions: String
    package var answer: String
    package var siteId: String?
    package var hidden: Bool
    package var updatedAt: Date
    package var updatedBy: String

    package init(
        practiceId: String, id: String, questions: [String], answer: String, siteId: String?, hidden: Bool, updatedAt: Date, updatedBy: String
    ) {
        self.practiceId = practiceId
        self.id = id
        self.questions = String(decoding: (try? JSONEncoder().encode(questions)) ?? Data("[]".utf8), as: UTF8.self)
        self.answer = answer
        self.siteId = siteId
        self.hidden = hidden
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    init(row: StoreRow) {
        practiceId = row["practiceId"]
        id = row["id"]
        questions = row["questions"]
        answer = row["answer"]
        siteId = row["site_id"]
        hidden = row["hidden"]
        updatedAt = Date(timeIntervalSince1970: row["updated_at"])
        updatedBy = row["updated_by"]
    }

    /// The phrasings, decoded.
    package var questionList: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(questions.utf8))) ?? []
    }

    /// Stores the edit in place of the practice's edit of the same id, if any.
    package func save(in db: any StoreConnection) throws {
        try db.run(
            """
            INSERT INTO faq_entry(practiceId, id, questions, answer, site_id, hidden, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(practiceId, id) DO UPDATE SET questions = excluded.questions, answer = excluded.answer, site_id = excluded.site_id,
              hidden = excluded.hidden, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """, [practiceId, id, questions, answer, siteId, hidden, updatedAt.timeIntervalSince1970, updatedBy], cached: true)
    }

    /// Removes the edit.
    package func delete(in db: any StoreConnection) throws {
        try db.run("DELETE FROM faq_entry WHERE practiceId = ? AND id = ?", [practiceId, id], cached: true)
    }

    /// The practice's edit of entry `id`, if any.
    package static func find(id: String, practiceId: String, in db: any StoreConnection) throws -> FAQStaffEdit? {
        try db.row("SELECT * FROM faq_entry WHERE practiceId = ? AND id = ?", [practiceId, id], cached: true).map(FAQStaffEdit.init(row:))
    }

    /// The practice's edits, by id.
    package static func all(practiceId: String, in db: any StoreConnection) throws -> [FAQStaffEdit] {
        try db.rows("SELECT * FROM faq_entry WHERE practiceId = ? ORDER BY id", [practiceId], cached: true).map(FAQStaffEdit.init(row:))
    }
}
