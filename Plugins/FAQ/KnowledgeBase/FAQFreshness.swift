import Foundation
package import Kernel
import Synchronization

/// Keeps a node's index in step with FAQ edits made on the other nodes of a shared database.
///
/// On a server (`Store.observesCommits` false), each `faq.ask` lets it look, in the background and
/// at most every `interval`, whether the practice's stored edits differ from those the index holds,
/// and rebuild if so: the asks that follow a change made elsewhere use it within about `interval`
/// plus a rebuild. The ask itself never waits for the database. On SQLite nothing is done: every
/// edit is made in this process, which rebuilds at once.
package final class FAQFreshness: Sendable {
    /// The least time between two looks.
    package static let interval: Duration = .milliseconds(250)

    private let knowledgeBase: FAQKnowledgeBase
    private let state = Mutex<(last: ContinuousClock.Instant?, looking: Bool)>((nil, false))

    package init(knowledgeBase: FAQKnowledgeBase) { self.knowledgeBase = knowledgeBase }

    /// Looks in the background if the last look is older than `interval` and none is running.
    package func askWasMade(store: Store, practiceId: String) {
        guard !store.observesCommits else { return }
        let now = ContinuousClock.now
        let go = state.withLock { s -> Bool in
            if s.looking { return false }
            if let last = s.last, last.duration(to: now) < Self.interval { return false }
            s = (now, true)
            return true
        }
        guard go else { return }
        let knowledgeBase = self.knowledgeBase
        Task {
            defer { state.withLock { $0.looking = false } }
            // The generation is taken before the read: an edit made here meanwhile rebuilds with a later one, which wins.
            let generation = knowledgeBase.nextGeneration()
            guard let stored = try? await store.read({ db in try FAQStoredEdits.fetch(practiceId: practiceId, in: db) }),
                stored != knowledgeBase.storedEdits
            else { return }
            knowledgeBase.rebuild(stored, generation: generation)
        }
    }
}
