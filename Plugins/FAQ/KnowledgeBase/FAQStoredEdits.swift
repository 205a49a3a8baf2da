import GRDB

/// Everything staff changed in the knowledge base, as stored: entry edits (`faq_entry`) and phrasings
/// added to built-in and configuration entries (`faq_extra_question`). Read inside the write
/// transaction whose generation the rebuild carries.
package struct FAQStoredEdits: Sendable {
    package var staff: [FAQStaffEdit]
    package var extras: [FAQExtraQuestion]

    package init(staff: [FAQStaffEdit] = [], extras: [FAQExtraQuestion] = []) {
        self.staff = staff
        self.extras = extras
    }

    /// Reads both tables.
    package static func fetch(_ db: Database) throws -> FAQStoredEdits {
        FAQStoredEdits(
            staff: try FAQStaffEdit.fetchAll(db),
            extras: try FAQExtraQuestion.order(Column("added_at"), Column("question_key")).fetchAll(db))
    }
}
