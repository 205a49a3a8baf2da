package import Kernel

/// Everything staff changed in the knowledge base, as stored: entry edits (`faq_entry`) and phrasings
/// added to built-in and configuration entries (`faq_extra_question`). Read inside the write
/// transaction whose generation the rebuild carries.
package struct FAQStoredEdits: Sendable, Equatable {
    package var staff: [FAQStaffEdit]
    package var extras: [FAQExtraQuestion]

    package init(staff: [FAQStaffEdit] = [], extras: [FAQExtraQuestion] = []) {
        self.staff = staff
        self.extras = extras
    }

    /// No edit and no accepted phrasing: the index of the file alone.
    package var isEmpty: Bool { staff.isEmpty && extras.isEmpty }

    /// Reads both tables: the rows of `practiceId` only (the index built from them is that practice's).
    package static func fetch(practiceId: String, in db: any StoreConnection) throws -> FAQStoredEdits {
        FAQStoredEdits(
            staff: try FAQStaffEdit.all(practiceId: practiceId, in: db),
            extras: try FAQExtraQuestion.all(practiceId: practiceId, in: db))
    }
}
