package import Foundation
import Practice
import Synchronization

/// The practice's knowledge base: built-in entries, configuration entries and staff edits, merged
/// and indexed, answering questions in French.
///
/// Promises: the index is immutable and replaced whole (under a `Mutex`) when entries change, so a
/// search never sees a half-built index and never blocks behind a rebuild; rebuilds are ordered by a
/// generation number taken inside the store's write transaction, so an older rebuild never
/// replaces a newer one. Built-in answers are computed for the moment of the question.
///
/// The index (and the analyzer) are built on first use, not when the practice is loaded: a service
/// of hundreds of practices starts without indexing each one's FAQ (about 8 ms of CPU per practice
/// of the example's size); a practice's first question waits for that build once.
package final class FAQKnowledgeBase: Sendable {
    /// One indexed state of the knowledge base.
    struct Snapshot: Sendable {
        var generation: UInt64
        var index: FAQIndex
        var sources: [FAQSource]
        var topics: [BuiltInTopic?]
        var positions: [String: Int]
    }

    /// The index once built; before that, the staff edits (and their generation) it will be built from.
    private struct State {
        var snapshot: Snapshot?
        var stored = FAQStoredEdits()
        var generation: UInt64 = 0
    }

    package let builtIns: BuiltInAnswers
    /// The entries of the configuration file, in file order.
    package let configurationEntries: [FAQEntry]
    package let searchConfiguration: FAQSearchConfiguration
    package let noAnswer: String
    private let extraPhrasings: [String: [String]]
    private let givenAnalyzer: FrenchAnalyzer?
    private let builtAnalyzer = Mutex<FrenchAnalyzer?>(nil)
    private let state = Mutex(State())
    private let generations = Mutex<UInt64>(0)

    /// The analyzer knows the practitioners' names of `builtIns`' directory unless one is given.
    package init(
        builtIns: BuiltInAnswers, configurationEntries: [FAQEntry], options: FAQOptions = FAQOptions(),
        analyzer: FrenchAnalyzer? = nil, search: FAQSearchConfiguration = FAQSearchConfiguration()
    ) {
        self.builtIns = builtIns
        self.configurationEntries = configurationEntries
        var search = search
        if let threshold = options.confidenceThreshold { search.confidenceThreshold = threshold }
        self.searchConfiguration = search
        self.noAnswer = options.noAnswer ?? FAQOptions.defaultNoAnswer
        self.extraPhrasings = options.phrasings ?? [:]
        self.givenAnalyzer = analyzer
    }

    /// The index searches use now, built from the file and the staff edits known so far if it was not yet.
    private var current: Snapshot {
        state.withLock { s in
            if let snapshot = s.snapshot { return snapshot }
            let built = Self.snapshot(
                builtIns: builtIns, configuration: configurationEntries, stored: s.stored,
                extraPhrasings: extraPhrasings, search: searchConfiguration, analyzer: questionAnalyzer,
                generation: s.generation)
            s.snapshot = built
            return built
        }
    }

    /// Whether `id` is a built-in topic this practice answers.
    package func isBuiltIn(_ id: String) -> Bool { BuiltInTopic(rawValue: id) != nil }

    /// Whether `id` names an entry of the configuration file.
    package func isInConfiguration(_ id: String) -> Bool { configurationEntries.contains { $0.id == id } }

    /// A new generation number; take it inside the write transaction whose rows the rebuild reads.
    package func nextGeneration() -> UInt64 {
        generations.withLock {
            $0 += 1
            return $0
        }
    }

    /// Whether the index was built (by a question or a listing since the practice was loaded).
    package var isIndexed: Bool { state.withLock { $0.snapshot != nil } }

    /// The analyzer the index uses (for question keys); built on first use.
    package var questionAnalyzer: FrenchAnalyzer {
        if let givenAnalyzer { return givenAnalyzer }
        return builtAnalyzer.withLock { a in
            if let a { return a }
            let built = FrenchAnalyzer(
                names: builtIns.directory.practitioners.map(\.name),
                offered: [builtIns.indexedText(.services), builtIns.indexedText(.practitioners)])
            a = built
            return built
        }
    }

    /// Rebuilds the index from the stored edits read at `generation` and swaps it in, unless a newer
    /// generation is already in place. Before the first use there is nothing to rebuild: the edits
    /// are kept for the first build.
    package func rebuild(_ stored: FAQStoredEdits, generation: UInt64) {
        let isBuilt = state.withLock { s in
            if s.snapshot == nil, generation > s.generation { (s.stored, s.generation) = (stored, generation) }
            return s.snapshot != nil
        }
        guard isBuilt else { return }
        let snapshot = Self.snapshot(
            builtIns: builtIns, configuration: configurationEntries, stored: stored,
            extraPhrasings: extraPhrasings, search: searchConfiguration, analyzer: questionAnalyzer,
            generation: generation)
        state.withLock { s in
            if let current = s.snapshot, snapshot.generation > current.generation {
                s.snapshot = snapshot
                (s.stored, s.generation) = (stored, generation)
            }
        }
    }

    /// The stored edits the index holds (or will be built from).
    package var storedEdits: FAQStoredEdits { state.withLock { $0.stored } }

    /// The source of the visible entry `id`, or nil.
    package func source(of id: String) -> FAQSource? {
        let snapshot = current
        return snapshot.positions[id].map { snapshot.sources[$0] }
    }

    /// The ranked answers to `question`; see `FAQAskResult`.
    package func ask(_ question: String, siteId: String?, limit: Int, now: Date) -> FAQAskResult {
        let snapshot = current
        let matches = snapshot.index.search(question, siteId: siteId, limit: limit)
        var answers: [FAQAnswer] = []
        var suggestions: [FAQAnswer] = []
        for match in matches {
            guard let position = snapshot.positions[match.entryId] else { continue }
            let answer = FAQAnswer(
                entryId: match.entryId,
                answer: text(of: position, in: snapshot, siteId: siteId ?? match.siteId, now: now),
                score: Self.rounded(match.score), confidence: Self.rounded(match.confidence),
                siteId: match.siteId, source: snapshot.sources[position])
            if match.isConfident { answers.append(answer) } else { suggestions.append(answer) }
        }
        return FAQAskResult(
            question: question, siteId: siteId, confident: !answers.isEmpty, answers: answers,
            suggestions: suggestions, message: answers.isEmpty ? noAnswer : nil)
    }

    /// Every visible entry, in order (built-ins, file, staff), answers computed at `now` for `siteId`.
    /// With a site, entries restricted to other sites are left out.
    package func records(siteId: String?, now: Date) -> [FAQRecord] {
        let snapshot = current
        return snapshot.index.entries.indices.compactMap { position in
            let entry = snapshot.index.entries[position]
            if let siteId, let entrySite = entry.siteId, entrySite != siteId { return nil }
            return record(position, in: snapshot, siteId: siteId, now: now)
        }
    }

    /// The visible entry `id`, or nil.
    package func record(_ id: String, siteId: String?, now: Date) -> FAQRecord? {
        let snapshot = current
        return snapshot.positions[id].map { record($0, in: snapshot, siteId: siteId, now: now) }
    }

    /// The number of visible entries.
    package var count: Int { current.index.entries.count }

    /// The index searches use now.
    package var index: FAQIndex { current.index }

    private func record(_ position: Int, in snapshot: Snapshot, siteId: String?, now: Date) -> FAQRecord {
        let entry = snapshot.index.entries[position]
        return FAQRecord(
            id: entry.id, questions: entry.questions,
            answer: text(of: position, in: snapshot, siteId: siteId ?? entry.siteId, now: now),
            siteId: entry.siteId, source: snapshot.sources[position], computed: snapshot.topics[position] != nil)
    }

    private func text(of position: Int, in snapshot: Snapshot, siteId: String?, now: Date) -> String {
        if let topic = snapshot.topics[position] { return builtIns.answer(topic, siteId: siteId, now: now) }
        return snapshot.index.entries[position].answer
    }

    private static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    private static func snapshot(
        builtIns: BuiltInAnswers, configuration: [FAQEntry], stored: FAQStoredEdits,
        extraPhrasings: [String: [String]], search: FAQSearchConfiguration,
        analyzer: FrenchAnalyzer, generation: UInt64
    ) -> Snapshot {
        let staff = stored.staff
        var entries: [FAQEntry] = []
        var sources: [FAQSource] = []
        var topics: [BuiltInTopic?] = []
        for topic in builtIns.availableTopics {
            // A practitioner's name in a question is about the practitioners (`Dr Benali consulte chez vous ?`).
            let keywords = topic == .practitioners ? builtIns.directory.practitioners.map(\.name) : []
            entries.append(
                FAQEntry(
                    id: topic.rawValue,
                    questions: BuiltInPhrasings.phrasings(topic) + (extraPhrasings[topic.rawValue] ?? []),
                    answer: builtIns.indexedText(topic), keywords: keywords))
            sources.append(.builtIn)
            topics.append(topic)
        }
        let edits = Dictionary(staff.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        for entry in configuration {
            if let edit = edits[entry.id] {
                guard !edit.hidden else { continue }
                entries.append(FAQEntry(id: edit.id, questions: edit.questionList, answer: edit.answer, siteId: edit.siteId))
                sources.append(.staff)
            } else {
                entries.append(entry)
                sources.append(.configuration)
            }
            topics.append(nil)
        }
        let fileIds = Set(configuration.map(\.id))
        for edit in staff.sorted(by: { $0.id < $1.id }) where !edit.hidden && !fileIds.contains(edit.id) {
            entries.append(FAQEntry(id: edit.id, questions: edit.questionList, answer: edit.answer, siteId: edit.siteId))
            sources.append(.staff)
            topics.append(nil)
        }
        var positions: [String: Int] = [:]
        for (position, entry) in entries.enumerated() { positions[entry.id] = position }
        for extra in stored.extras {
            guard let position = positions[extra.entryId], sources[position] != .staff else { continue }
            entries[position].questions.append(extra.question)
        }
        if let position = topics.firstIndex(of: .services) {
            // A patient naming a service with no entry of its own finds `services` (FAQEntry.exclusiveKeywords).
            entries[position].exclusiveKeywords = (builtIns.directory.profile.services ?? []) + builtIns.appointmentLabels
        }
        return Snapshot(
            generation: generation, index: FAQIndex(entries: entries, configuration: search, analyzer: analyzer),
            sources: sources, topics: topics, positions: positions)
    }
}
