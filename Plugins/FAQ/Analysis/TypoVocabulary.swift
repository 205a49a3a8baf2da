/// The words a knowledge base knows, for correcting typos in questions.
///
/// Promises: a word of 5 letters or more that the vocabulary does not know (neither as a
/// word nor through its stem) is matched to a known word at Damerau–Levenshtein distance 1,
/// or 2 for words of 9 letters or more; the closest wins, then the most frequent, then the
/// shortest, then first in alphabetical order. Shorter words are never corrected.
public struct TypoVocabulary: Sendable {
    private let words: Set<String>
    private let stems: Set<String>
    /// Candidates bucketed by length: bytes, the word, and its frequency.
    private let buckets: [[(bytes: [UInt8], word: String, count: Int)]]

    /// Builds a vocabulary from folded words with their frequencies, and known stems.
    public init(wordCounts: [String: Int], stems: Set<String>) {
        self.words = Set(wordCounts.keys)
        self.stems = stems
        var buckets: [[(bytes: [UInt8], word: String, count: Int)]] = Array(repeating: [], count: 41)
        for (word, count) in wordCounts.sorted(by: { $0.key < $1.key }) {
            let bytes = Array(word.utf8)
            guard bytes.count >= 3, bytes.count <= 40, !bytes.contains(where: { $0 < 0x61 || $0 > 0x7A }) else { continue }
            buckets[bytes.count].append((bytes, word, count))
        }
        self.buckets = buckets
    }

    /// Whether the word, or its stem, is known.
    public func knows(word: String, stem: String) -> Bool {
        words.contains(word) || stems.contains(stem)
    }

    /// The closest known word and its distance, or `nil` when nothing is close enough.
    public func correction(for word: String) -> (word: String, distance: Int)? {
        let bytes = Array(word.utf8)
        guard bytes.count >= 5, !bytes.contains(where: { $0 < 0x61 || $0 > 0x7A }) else { return nil }
        let limit = bytes.count >= 9 ? 2 : 1
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
}
