/// Splits French text into lowercase, accent-folded words.
///
/// Promises:
/// - letters are lowercased and folded to ASCII (`é`→`e`, `ç`→`c`, `œ`→`oe`, `æ`→`ae`);
/// - words are split on every character that is not a letter or a digit, which splits
///   elisions (`l'`, `qu'`, `d’`… with `'`, `’`, `‘` or `ʼ`) and hyphenated forms
///   (`rendez-vous` → `rendez`, `vous`);
/// - `où` (with its grave accent) comes out as the word `où`, so that it stays distinct from
///   the conjunction `ou` once accents are folded; `aujourd'hui` comes out as `aujourdhui`.
package struct FrenchTokenizer: Sendable {
    package init() {}

    /// The folded words of `text`, in order.
    package func words(_ text: String) -> [String] {
        split(text, breaks: nil)
    }

    /// The folded words of `text`, and for each whether punctuation that ends a clause (`,` `;` `.`
    /// `?` `!` `:` `…` `–` `—`) comes before it.
    package func wordsAndBreaks(_ text: String) -> (words: [String], breaks: [Bool]) {
        var breaks: [Bool] = []
        let words = split(text, breaks: &breaks)
        return (words, breaks)
    }

    private func split(_ text: String, breaks: UnsafeMutablePointer<[Bool]>?) -> [String] {
        var words: [String] = []
        words.reserveCapacity(16)
        var current: [UInt8] = []
        current.reserveCapacity(24)
        var hadGraveU = false
        var pendingBreak = false

        func flush() {
            guard !current.isEmpty else { return }
            if !(current == Self.hui && words.last == "aujourd") { breaks?.pointee.append(pendingBreak) }
            pendingBreak = false
            if hadGraveU, current == Self.ou {
                words.append("où")
            } else if current == Self.hui, let last = words.last, last == "aujourd" {
                words[words.count - 1] = "aujourdhui"
            } else {
                words.append(String(decoding: current, as: UTF8.self))
            }
            current.removeAll(keepingCapacity: true)
            hadGraveU = false
        }

        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x61...0x7A, 0x30...0x39: // a-z, 0-9
                current.append(UInt8(v))
            case 0x41...0x5A: // A-Z
                current.append(UInt8(v + 32))
            case 0xF9, 0xD9: // ù Ù
                current.append(0x75)
                hadGraveU = true
            default:
                if v < 0x80 {
                    flush()
                    if v == 0x2C || v == 0x3B || v == 0x2E || v == 0x3F || v == 0x21 || v == 0x3A { pendingBreak = true }
                } else if v == 0x2026 || v == 0x2013 || v == 0x2014 {
                    flush()
                    pendingBreak = true
                } else if let folded = Self.fold(v) {
                    current.append(contentsOf: folded.utf8)
                } else {
                    flush()
                }
            }
        }
        flush()
        return words
    }

    /// Folds one word as `words` would, without splitting (used for lexicon entries).
    package func fold(_ word: String) -> String {
        words(word).joined(separator: " ")
    }

    private static let ou: [UInt8] = Array("ou".utf8)
    private static let hui: [UInt8] = Array("hui".utf8)

    /// ASCII folding of the Latin-1 and Latin Extended-A letters French text uses.
    private static func fold(_ v: UInt32) -> String? {
        switch v {
        case 0xE0...0xE5, 0xC0...0xC5: return "a"
        case 0xE6, 0xC6: return "ae"
        case 0xE7, 0xC7: return "c"
        case 0xE8...0xEB, 0xC8...0xCB: return "e"
        case 0xEC...0xEF, 0xCC...0xCF: return "i"
        case 0xF1, 0xD1: return "n"
        case 0xF2...0xF6, 0xD2...0xD6, 0xF8, 0xD8: return "o"
        case 0xFA...0xFC, 0xDA...0xDC: return "u"
        case 0xFD, 0xFF, 0xDD, 0x178: return "y"
        case 0x153, 0x152: return "oe"
        default: return nil
        }
    }
}
