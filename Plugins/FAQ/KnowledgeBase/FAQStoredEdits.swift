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

    /// Reads the practice's edits in the transaction of `db` and rebuilds `knowledgeBase` from them
    /// once it commits: before the events the transaction publishes after this are delivered.
    package static func rebuild(_ knowledgeBase: FAQKnowledgeBase, practiceId: String, afterCommitOf db: any StoreConnection) throws {
        let stored = try fetch(practiceId: practiceId, in: db)
        let generation = knowledgeBase.nextGeneration()
        db.afterCommit { _ in knowledgeBase.rebuild(stored, generation: generation) }
    }

    /// Reads both tables: the rows of `practiceId` only (the index built from them is that practice's).
    package static func fetch(practiceId: String, in db: any StoreConnection) throws -> FAQStoredEdits {
        FAQStoredEdits(
            staff: try FAQStaffEdit.all(practiceId: practiceId, in: db),
            extras: try FAQExtraQuestion.all(practiceId: practiceId, in: db))
    }
}
