/// The words a knowledge base knows, for correcting typos in questions.
///
/// Promises, for a word the vocabulary does not know (neither as a word nor through its stem),
/// tried in order:
/// 1. Edit distance scaled to the word's length: a word of 5 or 6 letters is matched to a known
///    word at Damerau–Levenshtein distance 1, a word of 7 letters or more at distance 2. The closest
///    wins, then the most frequent, then the shortest, then first in alphabetical order. A word of
///    4 letters is only matched to a known 5-letter word it is with one letter left out (`emal` →
///    `email`): too many short words are one substitution apart (`sang`, `sage`); shorter words never.
///    A word of 3 or 4 letters is matched to a known word it is with two adjacent letters swapped
///    (`fxa` → `fax`, `mial` → `mail`).
/// 2. The same French phonetic key (`FrenchPhonetic`), for words of 4 letters or more (`telefone`,
///    `ortofoniste`); counted as distance 1.
/// 3. Character trigrams: a word of 7 letters or more whose padded trigrams share a Dice
///    coefficient of at least 0.7 with a known word (a form nobody listed, a compound cut short);
///    counted as distance 2.
package struct TypoVocabulary: Sendable {
    private let words: Set<String>
    private let stems: Set<String>
    /// Candidates bucketed by length: bytes, the word, and its frequency.
    private let buckets: [[(bytes: [UInt8], word: String, count: Int)]]
    /// Phonetic key → the most frequent known word with that key.
    private let phonetic: [String: String]
    /// Trigram → indexes into `trigramWords`.
    private let trigrams: [String: [Int32]]
    private let trigramWords: [(word: String, count: Int, trigrams: Int)]

    /// Builds a vocabulary from folded words with their frequencies, and known stems.
    package init(wordCounts: [String: Int], stems: Set<String>) {
        self.words = Set(wordCounts.keys)
        self.stems = stems
        var buckets: [[(bytes: [UInt8], word: String, count: Int)]] = Array(repeating: [], count: 41)
        var phonetic: [String: (word: String, count: Int)] = [:]
        var trigrams: [String: [Int32]] = [:]
        var trigramWords: [(word: String, count: Int, trigrams: Int)] = []
        for (word, count) in wordCounts.sorted(by: { $0.key < $1.key }) {
            let bytes = Array(word.utf8)
            guard bytes.count >= 3, bytes.count <= 40, !bytes.contains(where: { $0 < 0x61 || $0 > 0x7A }) else { continue }
            buckets[bytes.count].append((bytes, word, count))
            if bytes.count >= 4 {
                let key = FrenchPhonetic.key(word)
                if let current = phonetic[key], current.count >= count {} else { phonetic[key] = (word, count) }
            }
            if bytes.count >= 5 {
                let grams = Self.trigrams(of: bytes)
                for gram in grams { trigrams[gram, default: []].append(Int32(trigramWords.count)) }
                trigramWords.append((word, count, grams.count))
            }
        }
        self.buckets = buckets
        self.phonetic = phonetic.mapValues(\.word)
        self.trigrams = trigrams
        self.trigramWords = trigramWords
    }

    /// Whether the word, or its stem, is known.
    package func knows(word: String, stem: String) -> Bool {
        words.contains(word) || stems.contains(stem)
    }

    /// The closest known word and its distance, or `nil` when nothing is close enough.
    package func correction(for word: String) -> (word: String, distance: Int)? {
        let bytes = Array(word.utf8)
        guard bytes.count >= 3, !bytes.contains(where: { $0 < 0x61 || $0 > 0x7A }) else { return nil }
        if bytes.count >= 5, let edited = editCorrection(bytes) { return edited }
        if bytes.count <= 4, let swapped = transposition(bytes) { return (swapped, 1) }
        guard bytes.count >= 4 else { return nil }
        if bytes.count == 4, let inserted = missingLetter(bytes) { return (inserted, 1) }
        if let sound = phonetic[FrenchPhonetic.key(word)], sound != word { return (sound, 1) }
        if bytes.count >= 7, let similar = trigramCorrection(bytes) { return (similar, 2) }
        return nil
    }

    private func editCorrection(_ bytes: [UInt8]) -> (word: String, distance: Int)? {
        let limit = bytes.count >= 7 ? 2 : 1
        var scratch = DamerauLevenshtein.Scratch(capacity: bytes.count + limit + 1)
        var best: (word: String, distance: Int, count: Int)?
        for length in max(3, bytes.count - limit)...min(40, bytes.count + limit) {
            for candidate in buckets[length] {
                guard let d = DamerauLevenshtein.distance(bytes, candidate.bytes, limit: best?.distance ?? limit, scratch: &scratch) else { continue }
                if let current = best, d > current.distance || (d == current.distance && candidate.count <= current.count) {
                    continue
                }
                best = (candidate.word, d, candidate.count)
            }
        }
        return best.map { ($0.word, $0.distance) }
    }

    /// A known 5-letter word the 4-letter `bytes` is with one letter left out (`emal` → `email`),
    /// the most frequent first. Substitutions are not tried on words this short (`sang` is not `sage`).
    private func missingLetter(_ bytes: [UInt8]) -> String? {
        var best: (word: String, count: Int)?
        for candidate in buckets[5] {
            var i = 0
            var j = 0
            var skipped = false
            while i < 4, j < 5 {
                if bytes[i] == candidate.bytes[j] {
                    i += 1
                    j += 1
                } else if !skipped {
                    skipped = true
                    j += 1
                } else {
                    break
                }
            }
            guard i == 4 else { continue }
            if best == nil || candidate.count > best!.count { best = (candidate.word, candidate.count) }
        }
        return best?.word
    }

    /// A known word of the same length that `bytes` is with two adjacent letters swapped (`fxa` →
    /// `fax`, `mial` → `mail`), the most frequent first.
    private func transposition(_ bytes: [UInt8]) -> String? {
        var best: (word: String, count: Int)?
        for candidate in buckets[bytes.count] {
            guard let first = bytes.indices.first(where: { bytes[$0] != candidate.bytes[$0] }), first + 1 < bytes.count,
                bytes[first] == candidate.bytes[first + 1], bytes[first + 1] == candidate.bytes[first],
                bytes[(first + 2)...] == candidate.bytes[(first + 2)...]
            else { continue }
            if best == nil || candidate.count > best!.count { best = (candidate.word, candidate.count) }
        }
        return best?.word
    }

    private func trigramCorrection(_ bytes: [UInt8]) -> String? {
        let grams = Self.trigrams(of: bytes)
        var shared: [Int32: Int] = [:]
        for gram in grams { for index in trigrams[gram] ?? [] { shared[index, default: 0] += 1 } }
        var best: (word: String, dice: Double, count: Int)?
        for (index, count) in shared {
            let candidate = trigramWords[Int(index)]
            let dice = 2 * Double(count) / Double(grams.count + candidate.trigrams)
            guard dice >= 0.7 else { continue }
            if let current = best,
                dice < current.dice
                    || (dice == current.dice
                        && (candidate.count < current.count
                            || (candidate.count == current.count && candidate.word > current.word)))
            {
                continue
            }
            best = (candidate.word, dice, candidate.count)
        }
        return best?.word
    }

    /// The distinct trigrams of a word padded with one boundary mark on each side.
    private static func trigrams(of bytes: [UInt8]) -> Set<String> {
        let padded = [UInt8(ascii: "$")] + bytes + [UInt8(ascii: "$")]
        var result = Set<String>()
        for i in 0..<(padded.count - 2) { result.insert(String(decoding: padded[i..<(i + 3)], as: UTF8.self)) }
        return result
    }
}
