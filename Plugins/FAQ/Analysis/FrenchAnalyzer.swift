import Foundation

/// Turns a French question or answer into weighted content tokens: stems plus the
/// canonical concepts they name.
///
/// The pipeline, in order:
/// 1. `FrenchTokenizer`: lowercase, fold accents, split elisions, hyphens and punctuation.
/// 2. SMS abbreviations are written in full (`rdv` → `rendez-vous`, `koi` → `quoi`).
/// 3. Stop words (`FrenchStopWords`) and single letters are dropped; digits are kept.
/// 4. With a `TypoVocabulary`, an unknown word is replaced by its closest known word and
///    weighted `typoPenalty^distance`.
/// 5. `FrenchStemmer` gives each word its stem.
/// 6. `FrenchLexicon` phrases (longest first) and then single words add concepts.
///
/// The analyzer holds no mutable state; analysing is a pure function of the text.
public struct FrenchAnalyzer: Sendable {
    public let tokenizer = FrenchTokenizer()
    public let stemmer = FrenchStemmer()
    public let stopWords: Set<String>
    private let conceptsByStem: [String: [String]]
    private let phrasesByFirstStem: [String: [(stems: [String], concept: String)]]
    private let abbreviations: [String: [String]]
    /// The folded content words of the lexicon, to seed a `TypoVocabulary`.
    public let lexiconWords: Set<String>

    public init(lexicon: FrenchLexicon = .standard, stopWords: Set<String> = FrenchStopWords.words) {
        self.stopWords = stopWords
        let tokenizer = FrenchTokenizer()
        let stemmer = FrenchStemmer()
        var abbreviations: [String: [String]] = [:]
        for (short, full) in lexicon.abbreviations {
            abbreviations[tokenizer.fold(short)] = tokenizer.words(full)
        }
        var conceptsByStem: [String: [String]] = [:]
        var phrases: [String: [(stems: [String], concept: String)]] = [:]
        var lexiconWords: Set<String> = []
        for (concept, terms) in lexicon.concepts.sorted(by: { $0.key < $1.key }) {
            for term in terms {
                let words = tokenizer.words(term).filter { !stopWords.contains($0) && !Self.isSingleLetter($0) }
                lexiconWords.formUnion(words)
                let stems = words.map(stemmer.stem)
                if stems.count == 1 {
                    if conceptsByStem[stems[0], default: []].contains(concept) == false {
                        conceptsByStem[stems[0], default: []].append(concept)
                    }
                } else if let first = stems.first {
                    phrases[first, default: []].append((stems, concept))
                }
            }
        }
        for key in phrases.keys {
            phrases[key]!.sort { $0.stems.count > $1.stems.count }
        }
        self.abbreviations = abbreviations
        self.conceptsByStem = conceptsByStem
        self.phrasesByFirstStem = phrases
        self.lexiconWords = lexiconWords
    }

    /// The folded content words of `text`: abbreviations expanded, stop words and single
    /// letters dropped. No stemming, no correction.
    public func contentWords(_ text: String) -> [String] {
        var result: [String] = []
        for word in tokenizer.words(text) {
            if let expansion = abbreviations[word] {
                for expanded in expansion where isContent(expanded) { result.append(expanded) }
            } else if isContent(word) {
                result.append(word)
            }
        }
        return result
    }

    /// The weighted tokens of `text`. Pass the index's vocabulary to correct typos.
    public func analyze(_ text: String, vocabulary: TypoVocabulary? = nil, typoPenalty: Double = 0.7) -> [AnalyzedToken] {
        let words = contentWords(text)
        var tokens: [AnalyzedToken] = []
        tokens.reserveCapacity(words.count)
        for var word in words {
            var stem = stemmer.stem(word)
            var weight = 1.0
            if let vocabulary, conceptsByStem[stem] == nil, !vocabulary.knows(word: word, stem: stem),
               let fix = vocabulary.correction(for: word) {
                word = fix.word
                stem = stemmer.stem(word)
                weight = pow(typoPenalty, Double(fix.distance))
            }
            tokens.append(AnalyzedToken(stem: stem, concepts: [], weight: weight, word: word))
        }
        // Phrases first; their words lose their single-word concepts.
        var covered = [Bool](repeating: false, count: tokens.count)
        var i = 0
        while i < tokens.count {
            var advanced = false
            if let candidates = phrasesByFirstStem[tokens[i].stem] {
                for phrase in candidates where i + phrase.stems.count <= tokens.count {
                    var matches = true
                    for (offset, stem) in phrase.stems.enumerated() where tokens[i + offset].stem != stem {
                        matches = false
                        break
                    }
                    guard matches else { continue }
                    if !tokens[i].concepts.contains(phrase.concept) { tokens[i].concepts.append(phrase.concept) }
                    for k in i..<(i + phrase.stems.count) { covered[k] = true }
                    i += phrase.stems.count
                    advanced = true
                    break
                }
            }
            if !advanced { i += 1 }
        }
        for index in tokens.indices where !covered[index] {
            if let concepts = conceptsByStem[tokens[index].stem] {
                tokens[index].concepts.append(contentsOf: concepts)
            }
        }
        return tokens
    }

    private func isContent(_ word: String) -> Bool {
        !stopWords.contains(word) && !Self.isSingleLetter(word)
    }

    private static func isSingleLetter(_ word: String) -> Bool {
        word.utf8.count == 1 && !(word.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false)
    }
}
