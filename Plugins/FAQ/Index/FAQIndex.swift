import Foundation

/// A practice's knowledge base, indexed for answering French questions.
///
/// Built once from entries and immutable afterwards, so it can be shared freely across
/// tasks. Each phrasing, the keywords and the answer of an entry are indexed as separate
/// fields over terms that are stems and concepts (see `FrenchAnalyzer`), with BM25 impacts
/// precomputed per posting. An entry's score is its best phrasing's score plus its keywords'
/// and answer's (weighted lower). Searching does one dictionary lookup per question term
/// and one pass over that term's postings.
///
/// Confidence (0…1) is `share × questionCoverage + (1 − share) × phrasingCoverage`, where
/// question coverage is the IDF-weighted share of the question's words the entry accounts
/// for (fully by stem, partly by concept or by the answer text; words the index has never
/// seen weigh as much as the rarest term), and phrasing coverage the IDF-weighted share of
/// the best phrasing's terms found in the question. A practitioner's name weighs less than its
/// IDF (`FAQSearchConfiguration.nameWeight`); words naming something else weigh more and lower
/// the confidence; the aside, best-clause and unexplained-word options are described in
/// `FAQSearchConfiguration`.
package struct FAQIndex: Sendable {
    /// The entries, in the order given.
    package let entries: [FAQEntry]
    package let configuration: FAQSearchConfiguration
    package let analyzer: FrenchAnalyzer
    /// Known words, for typo correction of questions.
    package let vocabulary: TypoVocabulary

    private enum Field: UInt8 { case phrasing, keywords, answer }

    private struct Posting {
        var doc: Int32
        var impact: Double
    }

    private let termIds: [String: Int32]
    private let idf: [Double]
    private let maxIdf: Double
    private let postings: [[Posting]]
    private let docEntry: [Int32]
    private let docField: [Field]
    /// Sorted unique term ids per document.
    private let docTerms: [[Int32]]
    /// Sum of the weighted IDF of each document's unique terms.
    private let docMass: [Double]
    private let conceptTerm: [Bool]

    /// Indexes `entries`. Entries with no phrasing are still found through their answer.
    package init(entries: [FAQEntry], configuration: FAQSearchConfiguration = FAQSearchConfiguration(), analyzer: FrenchAnalyzer = FrenchAnalyzer()) {
        self.entries = entries
        self.configuration = configuration
        self.analyzer = analyzer

        // Analyse every document.
        var perEntry: [[(field: Field, tokens: [AnalyzedToken])]] = entries.map { entry in
            var docs: [(field: Field, tokens: [AnalyzedToken])] = entry.questions.map { (.phrasing, analyzer.analyze($0)) }
            if !entry.keywords.isEmpty { docs.append((.keywords, analyzer.analyze(entry.keywords.joined(separator: " , ")))) }
            docs.append((.answer, analyzer.analyze(entry.answer)))
            return docs
        }
        if entries.contains(where: { !$0.exclusiveKeywords.isEmpty }) {
            Self.addExclusiveKeywords(entries: entries, docs: &perEntry, analyzer: analyzer)
        }
        var docs: [(entry: Int32, field: Field, tokens: [AnalyzedToken])] = []
        for (index, entryDocs) in perEntry.enumerated() {
            for doc in entryDocs { docs.append((Int32(index), doc.field, doc.tokens)) }
        }

        // Terms, frequencies, vocabulary.
        var termIds: [String: Int32] = [:]
        var isConcept: [Bool] = []
        var wordCounts: [String: Int] = [:]
        for word in analyzer.lexiconWords { wordCounts[word, default: 0] += 1 }
        // Words naming something else are known, so that they are never "corrected" into a front-desk word.
        for word in analyzer.elsewhereWords { wordCounts[word, default: 0] += 1 }
        var stems: Set<String> = []
        var docTermFrequencies: [[Int32: Double]] = []
        var entryTerms = Array(repeating: Set<Int32>(), count: entries.count)
        func id(_ term: String, concept: Bool) -> Int32 {
            if let id = termIds[term] { return id }
            let id = Int32(termIds.count)
            termIds[term] = id
            isConcept.append(concept)
            return id
        }
        for doc in docs {
            var frequencies: [Int32: Double] = [:]
            for token in doc.tokens {
                wordCounts[token.word, default: 0] += 1
                stems.insert(token.stem)
                frequencies[id(token.stem, concept: false), default: 0] += 1
                for concept in token.concepts {
                    frequencies[id(concept, concept: true), default: 0] += 1
                }
            }
            entryTerms[Int(doc.entry)].formUnion(frequencies.keys)
            docTermFrequencies.append(frequencies)
        }

        // IDF over entries.
        let n = Double(max(entries.count, 1))
        var df = Array(repeating: 0.0, count: termIds.count)
        for terms in entryTerms { for term in terms { df[Int(term)] += 1 } }
        let idf = df.map { log(1 + (n - $0 + 0.5) / ($0 + 0.5)) }
        let maxIdf = log(1 + (n + 0.5) / 0.5)

        // Field length averages and postings.
        var lengthSum: [Field: Double] = [:]
        var lengthCount: [Field: Double] = [:]
        for doc in docs {
            lengthSum[doc.field, default: 0] += Double(doc.tokens.count)
            lengthCount[doc.field, default: 0] += 1
        }
        var postings = Array(repeating: [Posting](), count: termIds.count)
        var docTerms: [[Int32]] = []
        var docMass: [Double] = []
        for (docIndex, doc) in docs.enumerated() {
            let averageLength = max(1, lengthSum[doc.field, default: 1] / max(1, lengthCount[doc.field, default: 1]))
            let length = Double(doc.tokens.count)
            let fieldWeight: Double
            switch doc.field {
            case .phrasing: fieldWeight = configuration.phrasingWeight
            case .keywords: fieldWeight = configuration.keywordWeight
            case .answer: fieldWeight = configuration.answerWeight
            }
            let norm = configuration.k1 * (1 - configuration.b + configuration.b * length / averageLength)
            var mass = 0.0
            for (term, tf) in docTermFrequencies[docIndex] {
                let impact = fieldWeight * tf * (configuration.k1 + 1) / (tf + norm)
                postings[Int(term)].append(Posting(doc: Int32(docIndex), impact: impact))
                mass += idf[Int(term)] * (isConcept[Int(term)] ? configuration.conceptWeight : 1)
            }
            docTerms.append(docTermFrequencies[docIndex].keys.sorted())
            docMass.append(mass)
        }

        self.termIds = termIds
        self.idf = idf
        self.maxIdf = maxIdf
        self.postings = postings
        self.docEntry = docs.map(\.entry)
        self.docField = docs.map(\.field)
        self.docTerms = docTerms
        self.docMass = docMass
        self.conceptTerm = isConcept
        self.vocabulary = TypoVocabulary(wordCounts: wordCounts, stems: stems)
    }

    /// The best entries for `question`, best first, at most `limit`, each with its
    /// confidence. With a `siteId`, entries restricted to another site are left out; with
    /// none, every entry can answer and a site-restricted match carries its site.
    /// An empty result means nothing in the knowledge base relates to the question.
    package func search(_ question: String, siteId: String? = nil, limit: Int = 5) -> [FAQMatch] {
        guard limit > 0, !entries.isEmpty else { return [] }
        let tokens = analyzer.analyze(question, vocabulary: vocabulary, typoPenalty: configuration.typoPenalty)
        guard !tokens.isEmpty else { return [] }

        // Query terms with their weights (max over occurrences).
        var queryTerms: [(term: Int32, weight: Double)] = []
        queryTerms.reserveCapacity(tokens.count * 2)
        func add(_ term: Int32, _ weight: Double) {
            if let i = queryTerms.firstIndex(where: { $0.term == term }) {
                queryTerms[i].weight = max(queryTerms[i].weight, weight)
            } else {
                queryTerms.append((term, weight))
            }
        }
        for token in tokens {
            if let id = termIds[token.stem] { add(id, token.weight) }
            for concept in token.concepts {
                if let id = termIds[concept] { add(id, token.weight * configuration.conceptWeight) }
            }
        }

        // Accumulate BM25 per document.
        var docScores = [Double](repeating: 0, count: docEntry.count)
        for (term, weight) in queryTerms {
            let w = weight * idf[Int(term)]
            for posting in postings[Int(term)] {
                docScores[Int(posting.doc)] += w * posting.impact
            }
        }

        // Combine per entry: best phrasing + keywords + answer.
        var entryScores = [Double](repeating: 0, count: entries.count)
        var bestPhrasingScore = [Double](repeating: 0, count: entries.count)
        var bestPhrasing = [Int32](repeating: -1, count: entries.count)
        for doc in docScores.indices where docScores[doc] > 0 {
            let entry = Int(docEntry[doc])
            switch docField[doc] {
            case .phrasing:
                if docScores[doc] > bestPhrasingScore[entry] {
                    bestPhrasingScore[entry] = docScores[doc]
                    bestPhrasing[entry] = Int32(doc)
                }
            case .keywords, .answer:
                entryScores[entry] += docScores[doc]
            }
        }
        var candidates: [(entry: Int, score: Double)] = []
        for entry in entries.indices {
            let score = entryScores[entry] + bestPhrasingScore[entry]
            guard score > 0 else { continue }
            if let siteId, let entrySite = entries[entry].siteId, entrySite != siteId { continue }
            candidates.append((entry, score))
        }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.entry < $1.entry }

        // The best by score are ranked again by confidence: an entry that accounts for the whole
        // question beats one that scores higher on a single repeated word.
        var ranked: [(entry: Int, score: Double, confidence: Double)] = []
        for candidate in candidates.prefix(max(limit, configuration.rerankDepth)) {
            let value = confidence(tokens: tokens, queryTerms: queryTerms, entry: candidate.entry, phrasing: bestPhrasing[candidate.entry])
            ranked.append((candidate.entry, candidate.score, value))
        }
        ranked.sort { a, b in
            if a.confidence != b.confidence { return a.confidence > b.confidence }
            if a.score != b.score { return a.score > b.score }
            return a.entry < b.entry
        }
        return ranked.prefix(limit).map { candidate in
            let entry = entries[candidate.entry]
            return FAQMatch(
                entryId: entry.id, score: candidate.score, confidence: candidate.confidence,
                isConfident: candidate.confidence >= configuration.confidenceThreshold, siteId: entry.siteId)
        }
    }

    /// The best entry for `question` if it is a confident answer, `nil` otherwise.
    package func bestAnswer(for question: String, siteId: String? = nil) -> FAQMatch? {
        guard let best = search(question, siteId: siteId, limit: 1).first, best.isConfident else { return nil }
        return best
    }

    private func confidence(tokens: [AnalyzedToken], queryTerms: [(term: Int32, weight: Double)], entry: Int, phrasing: Int32) -> Double {
        // Documents of the entry other than the best phrasing: keywords (full credit), answer (partial).
        var keywordsDoc: Int?
        var answerDoc: Int?
        var doc = Int(phrasing)
        if doc < 0 { doc = docEntry.firstIndex(of: Int32(entry)) ?? 0 }
        var scan = doc
        while scan < docEntry.count, docEntry[scan] == Int32(entry) {
            if docField[scan] == .keywords { keywordsDoc = scan }
            if docField[scan] == .answer { answerDoc = scan }
            scan += 1
        }
        func contains(_ doc: Int?, _ term: Int32?) -> Bool {
            guard let doc, let term else { return false }
            return Self.sortedContains(docTerms[doc], term)
        }
        let phrasingDoc: Int? = phrasing >= 0 ? Int(phrasing) : nil

        func creditOf(_ token: AnalyzedToken, _ stemId: Int32?) -> Double {
            if contains(phrasingDoc, stemId) || contains(keywordsDoc, stemId) { return 1 }
            var inAnswer = contains(answerDoc, stemId)
            for concept in token.concepts {
                guard let id = termIds[concept] else { continue }
                if contains(phrasingDoc, id) || contains(keywordsDoc, id) { return configuration.conceptCredit }
                // An answer naming another practitioner does not answer about this one.
                if contains(answerDoc, id), concept != FrenchAnalyzer.practitionerName { inAnswer = true }
            }
            if inAnswer { return token.isElsewhere ? configuration.elsewhereAnswerCredit : configuration.answerCredit }
            return 0
        }
        // Clauses with a word the entry accounts for; the others, when they tell the patient's
        // situation (`je suis enceinte de trois mois`), weigh less.
        var answeredClauses: UInt64 = 0
        for token in tokens where token.clause < 64 && creditOf(token, termIds[token.stem]) > 0 {
            answeredClauses |= 1 << UInt64(token.clause)
        }

        // Per clause (the first 16): mass, matched mass and content words, for the best clause.
        let clauseCount = min(16, (tokens.last?.clause ?? 0) + 1)
        var clauseMass = [Double](repeating: 0, count: configuration.clauseShare > 0 ? clauseCount * 3 : 0)

        var questionMass = 0.0
        var matchedMass = 0.0
        var elsewhere = false
        var advice = false
        var unexplained = false
        var matchedByQuestions = false
        var elsewhereInAnswer = false
        var otherName = false
        // The question asks hours or a number: a place the answer only mentions is whose they are.
        let asksAttribute = tokens.contains { !$0.isElsewhere && $0.concepts.contains { Self.attributeConcepts.contains($0) } }
        for token in tokens {
            let stemId = termIds[token.stem]
            var mass = token.weight * (stemId.map { idf[Int($0)] } ?? maxIdf * configuration.unknownWeight)
            var credit = creditOf(token, stemId)
            if credit > 0, credit < configuration.conceptCredit, token.isElsewhere, asksAttribute || token.isOwner {
                // Whose hours or number are asked: the answer mentioning the place does not account for it.
                elsewhereInAnswer = true
                credit = 0
            }
            let aside = token.isAside && !token.isElsewhere && token.clause < 64 && answeredClauses & (1 << UInt64(token.clause)) == 0
            if aside { mass *= configuration.asideWeight }
            if token.concepts.contains(FrenchAnalyzer.practitionerName) {
                mass *= configuration.nameWeight
                // The answer names other practitioners, not this one.
                if credit == 0, let id = termIds[FrenchAnalyzer.practitionerName], contains(answerDoc, id) { otherName = true }
            }
            // A word the index never saw (not a typo of one, not a number), where the question asks:
            // what the question is about, most likely, and nothing here speaks of it.
            if credit == 0, !aside, !token.isElsewhere, stemId == nil, token.weight >= 1, token.concepts.isEmpty,
                token.word.utf8.count >= 3, !token.word.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 })
            {
                unexplained = true
            }
            if credit >= configuration.conceptCredit, !token.isElsewhere { matchedByQuestions = true }
            if credit > 0, credit < configuration.conceptCredit, token.isElsewhere { elsewhereInAnswer = true }
            if credit == 0, token.isElsewhere, token.isAdvice {
                mass *= configuration.adviceWeight
                advice = true
            } else if credit == 0, token.isElsewhere {
                mass *= configuration.elsewhereWeight
                elsewhere = true
            }
            questionMass += mass
            matchedMass += credit * mass
            if !clauseMass.isEmpty, token.clause < clauseCount {
                clauseMass[3 * token.clause] += mass
                clauseMass[3 * token.clause + 1] += credit * mass
                clauseMass[3 * token.clause + 2] += 1
            }
        }
        var questionCoverage = questionMass > 0 ? matchedMass / questionMass : 0
        // A long question is judged on its best clause too (`…, je voulais savoir si vous faites le
        // suivi de grossesse`), a little less than on the whole: what surrounds it does not dilute it.
        for clause in 0..<(clauseMass.isEmpty ? 0 : clauseCount)
        where clauseMass[3 * clause + 2] >= 2 && clauseMass[3 * clause] > 0 {
            questionCoverage = max(questionCoverage, configuration.clauseShare * clauseMass[3 * clause + 1] / clauseMass[3 * clause])
        }

        var phrasingCoverage = 0.0
        if let phrasingDoc, docMass[phrasingDoc] > 0 {
            var covered = 0.0
            for (term, _) in queryTerms where Self.sortedContains(docTerms[phrasingDoc], term) {
                covered += idf[Int(term)] * (conceptTerm[Int(term)] ? configuration.conceptWeight : 1)
            }
            phrasingCoverage = min(1, covered / docMass[phrasingDoc])
        }
        let share = configuration.questionCoverageShare
        let confidence = share * questionCoverage + (1 - share) * phrasingCoverage
        // Another place the entry's answer only mentions, in a question none of whose words the entry's
        // phrasings account for (`la mairie ferme à quelle heure ?` and the parking "de la mairie"), is
        // something else too.
        if elsewhereInAnswer, !matchedByQuestions { elsewhere = true }
        var penalty = elsewhere ? configuration.elsewherePenalty : advice ? configuration.advicePenalty : 1
        if unexplained { penalty *= configuration.unexplainedPenalty }
        if otherName { penalty *= configuration.otherNamePenalty }
        return min(1, max(0, confidence * penalty))
    }

    /// Adds to each entry's keywords the words of its `exclusiveKeywords` that no other entry's
    /// documents use, compared by concept and by stem family (the first six letters: `pédiatrique`,
    /// `pédiatrie`). One pass over the analysed documents.
    private static func addExclusiveKeywords(
        entries: [FAQEntry], docs: inout [[(field: Field, tokens: [AnalyzedToken])]], analyzer: FrenchAnalyzer
    ) {
        func family(_ stem: String) -> String { String(stem.prefix(6)) }
        // Term → the one entry using it, or -1 when several do.
        var users: [String: Int] = [:]
        func use(_ term: String, _ entry: Int) {
            if let user = users[term], user != entry { users[term] = -1 } else { users[term] = entry }
        }
        for (entry, entryDocs) in docs.enumerated() {
            for doc in entryDocs {
                for token in doc.tokens {
                    use(family(token.stem), entry)
                    for concept in token.concepts { use(concept, entry) }
                }
            }
        }
        func free(_ term: String, for entry: Int) -> Bool { users[term].map { $0 == entry } ?? true }
        for (entry, value) in entries.enumerated() where !value.exclusiveKeywords.isEmpty {
            let kept = analyzer.analyze(value.exclusiveKeywords.joined(separator: " , ")).filter { token in
                free(family(token.stem), for: entry) && token.concepts.allSatisfy { free($0, for: entry) }
            }
            guard !kept.isEmpty else { continue }
            if let keywords = docs[entry].firstIndex(where: { $0.field == .keywords }) {
                docs[entry][keywords].tokens += kept
            } else {
                docs[entry].insert((.keywords, kept), at: docs[entry].count - 1)
            }
        }
    }

    private static let attributeConcepts: Set<String> = ["#hours", "#phone"]

    private static func sortedContains(_ array: [Int32], _ value: Int32) -> Bool {
        var low = 0
        var high = array.count
        while low < high {
            let mid = (low + high) / 2
            if array[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < array.count && array[low] == value
    }
}
