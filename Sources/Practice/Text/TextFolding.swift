import Foundation

/// Text folding for search and duplicate detection of names.
///
/// Folding lowercases, removes diacritics (é → e, ç → c), expands ligatures (œ → oe, æ → ae,
/// ß → ss), turns every character that is not a letter or a digit (hyphens, apostrophes,
/// punctuation) into a space, and collapses spaces: `"Hélène Lefèvre-Dubois"` folds to
/// `"helene lefevre dubois"`.
package enum TextFolding {
    /// The folded form of `text`.
    package static func fold(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            let properties = scalar.properties
            if properties.generalCategory == .nonspacingMark || properties.generalCategory == .enclosingMark {
                continue
            }
            let replacement: String
            switch scalar {
            case "œ": replacement = "oe"
            case "æ": replacement = "ae"
            case "ß": replacement = "ss"
            case "ø": replacement = "o"
            case "ł": replacement = "l"
            case "đ": replacement = "d"
            case "ı": replacement = "i"
            default:
                guard properties.isAlphabetic || properties.numericType != nil else {
                    pendingSpace = !output.isEmpty
                    continue
                }
                replacement = String(scalar)
            }
            if pendingSpace { output.append(" ") }
            pendingSpace = false
            output.append(contentsOf: replacement.unicodeScalars)
        }
        return String(output)
    }

    /// The folded words of `text`.
    package static func tokens(_ text: String) -> [String] {
        fold(text).split(separator: " ").map(String.init)
    }

    /// True when every word of `query` is a prefix of some word of `text`, after folding.
    ///
    /// Prefix matching is deliberate, for type-ahead search: `"helene lefevre"` and
    /// `"lef dub"` find `"Hélène Lefèvre-Dubois"`, and `"martin"` also finds `"Martine"`.
    /// Word order does not matter, and two query words may match the same text word.
    /// A query with no words matches everything.
    package static func matches(query: String, in text: String) -> Bool {
        let words = tokens(text)
        return tokens(query).allSatisfy { queryWord in words.contains { $0.hasPrefix(queryWord) } }
    }

    /// A key equal for two patients who are probably the same person: last name and first name
    /// folded with spaces removed (`"Le Goff"`, `"LEGOFF"` and `"le-goff"` agree; so do
    /// `"Jean-Pierre"` and `"jean pierre"`), and the birth date: `"legoff|jeanpierre|1980-02-29"`.
    package static func duplicateKey(lastName: String, firstName: String, birthDate: LocalDate) -> String {
        func squash(_ name: String) -> String { fold(name).replacingOccurrences(of: " ", with: "") }
        return "\(squash(lastName))|\(squash(firstName))|\(birthDate)"
    }
}
