package import Foundation
package import GRDB
import Kernel

/// A staff edit of the knowledge base, stored in the `faq_entry` table (owned by this plugin).
///
/// A row either defines an entry (winning over a configuration entry with the same id) or, when
/// `hidden`, hides the configuration entry with that id (what `faq.delete` of a file entry leaves).
/// Keyed by practice and id: each practice has its own entries.
package struct FAQStaffEdit: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "faq_entry"

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

    enum CodingKeys: String, CodingKey {
        case practiceId, id, questions, answer
        case siteId = "site_id"
        case hidden
        case updatedAt = "updated_at"
        case updatedBy = "updated_by"
    }

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

    /// The phrasings, decoded.
    package var questionList: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(questions.utf8))) ?? []
    }

    /// The practice's edit of entry `id`, if any.
    package static func find(id: String, practiceId: String, in db: Database) throws -> FAQStaffEdit? {
        try fetchOne(db, key: ["practiceId": practiceId, "id": id])
    }

    /// The practice's edits.
    package static func all(practiceId: String, in db: Database) throws -> [FAQStaffEdit] {
        try filter(Column("practiceId") == practiceId).fetchAll(db)
    }

    /// Creates the table.
    package static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("faq.v1.entries") { db in
            try db.create(table: databaseTableName) { t in
                t.primaryKey("id", .text)
                t.column("questions", .text).notNull()
                t.column("answer", .text).notNull()
                t.column("site_id", .text)
                t.column("hidden", .boolean).notNull().defaults(to: false)
                t.column("updated_at", .datetime).notNull()
                t.column("updated_by", .text).notNull()
            }
        }
    }
}
