import Foundation

/// The GSM 03.38 7-bit alphabet, in which one SMS segment holds 160 characters.
///
/// Alerts must fit one segment: texts are first normalised (`ê` → `e`, `ç` → `c`, typographic quotes
/// and non-breaking spaces to their plain forms), then counted; characters of the extension table
/// (`€ [ ] { } ~ ^ | \`) count twice.
public enum GSM7 {
    static let basic: Set<Character> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    static let extended: Set<Character> = Set("^{}\\[~]|€\u{0C}")
    /// Characters of one segment.
    public static let segmentLength = 160

    static let replacements: [Character: String] = [
        "ê": "e", "ë": "e", "â": "a", "î": "i", "ï": "i", "ô": "o", "û": "u", "ç": "c", "ÿ": "y",
        "À": "A", "Â": "A", "È": "E", "Ê": "E", "Ë": "E", "Î": "I", "Ï": "I", "Ô": "O", "Û": "U", "Ù": "U", "œ": "oe", "Œ": "OE",
        "’": "'", "‘": "'", "“": "\"", "”": "\"", "«": "\"", "»": "\"", "…": "...", "–": "-", "—": "-",
        "\u{00A0}": " ", "\u{202F}": " ", "\u{2009}": " ", "\t": " ",
    ]

    /// The text with characters outside the alphabet replaced by their closest GSM-7 form where one exists.
    public static func normalize(_ text: String) -> String {
        var out = ""
        for ch in text {
            if basic.contains(ch) || extended.contains(ch) { out.append(ch) } else if let r = replacements[ch] { out += r } else { out.append(ch) }
        }
        return out
    }

    /// Septets needed for `text`, or nil when it holds a character outside the alphabet.
    public static func septets(_ text: String) -> Int? {
        var n = 0
        for ch in text {
            if basic.contains(ch) { n += 1 } else if extended.contains(ch) { n += 2 } else { return nil }
        }
        return n
    }

    /// Whether `text` is GSM-7 and fits one segment.
    public static func fitsOneSegment(_ text: String) -> Bool { (septets(text) ?? .max) <= segmentLength }
}
