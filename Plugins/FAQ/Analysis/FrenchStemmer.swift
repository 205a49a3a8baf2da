/// A light French stemmer in the spirit of Savoy's "light" stemmer (as used by Snowball's
/// and Lucene's French light filters), kept conservative so that unrelated words rarely merge.
///
/// Input is a lowercase, accent-folded word (see `FrenchTokenizer`). Rules, in order:
/// 1. Words of 3 letters or fewer, and words containing a digit, are left as they are.
/// 2. Plural: `-eaux` → `-eau`; `-aux` → `-al` (`hôpitaux` → `hopital`) when longer than 4;
///    a final `-x` is dropped when longer than 4; a final `-s` is dropped unless `-ss`.
/// 3. At most one derivational or verbal suffix is removed, the first that applies in this
///    list, and only if the stem left has the minimum length given:
///    `-ement` (4), `-ment` (4), `-ation` (3), `-tion` → `-t` (3), `-euse` (3), `-eur` (3),
///    `-ique` (3), `-ite` (4, from `-ité`), `-ure` (4), `-ee` (4, from `-ée`),
///    `-er` (3, infinitives), `-ez` (3, second person plural).
/// 4. A final `-e` (also from `-é`) is dropped when the word is longer than 4 letters.
/// 5. A final doubled consonant is undoubled (`renouvell` → `renouvel`).
///
/// So `renouvellement`, `renouveler` and `renouvelle` all give `renouvel`; `consultation`
/// and `consulter` give `consult`; `fermé`, `fermez` and `fermer` give `ferm`.
package struct FrenchStemmer: Sendable {
    package init() {}

    private static let suffixes: [(suffix: [UInt8], replacement: [UInt8], minStem: Int)] = [
        ("ement", "", 4), ("ment", "", 4), ("ation", "", 3), ("tion", "t", 3),
        ("euse", "", 3), ("eur", "", 3), ("ique", "", 3), ("ite", "", 4), ("ure", "", 4),
        ("ee", "", 4), ("er", "", 3), ("ez", "", 3)
    ].map { (Array($0.0.utf8), Array($0.1.utf8), $0.2) }

    /// The stem of a folded word.
    package func stem(_ word: String) -> String {
        var w = Array(word.utf8)
        if w.count <= 3 || w.contains(where: { ($0 >= 0x30 && $0 <= 0x39) || $0 >= 0x80 }) {
            return word
        }
        // 2. Plurals.
        if w.hasSuffix("eaux") {
            w.removeLast()
        } else if w.count > 4, w.hasSuffix("aux") {
            w.removeLast(2)
            w.append(UInt8(ascii: "l"))
        } else if w.count > 4, w.last == UInt8(ascii: "x") {
            w.removeLast()
        } else if w.last == UInt8(ascii: "s"), w[w.count - 2] != UInt8(ascii: "s") {
            w.removeLast()
        }
        // 3. One suffix.
        for rule in Self.suffixes where w.count - rule.suffix.count >= rule.minStem && w.hasSuffix(rule.suffix) {
            w.removeLast(rule.suffix.count)
            w.append(contentsOf: rule.replacement)
            break
        }
        // 4. Final e.
        if w.count > 4, w.last == UInt8(ascii: "e") {
            w.removeLast()
        }
        // 5. Undouble a final consonant.
        if w.count > 4, let last = w.last, last == w[w.count - 2], !Self.isVowel(last) {
            w.removeLast()
        }
        return String(decoding: w, as: UTF8.self)
    }

    private static func isVowel(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "y"): return true
        default: return false
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func hasSuffix(_ suffix: String) -> Bool {
        hasSuffix(Array(suffix.utf8))
    }

    fileprivate func hasSuffix(_ suffix: [UInt8]) -> Bool {
        guard suffix.count <= count else { return false }
        return self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
