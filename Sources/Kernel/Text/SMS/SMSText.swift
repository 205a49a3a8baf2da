import Foundation

/// An SMS text after normalisation, with its encoding and its segment count: the one policy
/// for SMS texts. A producer applies it once, when it writes the outbox row (alerts through
/// ``SMSAlert``), so the text a module records is the text the gateway receives; Notify sends
/// the payload as it is.
///
/// Normalisation, in two steps:
/// 1. always: typographic quotes, guillemets (and the spaces inside them), ellipsis, dashes, ligatures œ/Œ and the
///    non-breaking and thin spaces become their plain equivalents (`'`, `"`, `...`, `-`, `oe`,
///    `OE`, space); zero-width characters are removed;
/// 2. only if the text would still need UCS-2: letters outside GSM-7 (ê, â, î, ô, û, ç, È, À…)
///    become their nearest GSM-7 letter (e, a, i, o, u, c, E, A). If some character still has
///    no GSM-7 form (an emoji, a non-Latin script) the text keeps its accents and goes as UCS-2.
///
/// Letters of the GSM-7 basic table (é è à ù ì ò Ç É Ä Ö Ñ Ü ä ö ñ ü) always stay as they are.
package struct SMSText: Sendable, Hashable, CustomStringConvertible {
    /// The normalised text, as it will be sent.
    package let text: String
    /// The encoding the text needs.
    package let encoding: SMSEncoding
    /// Septets (GSM-7, extension characters counting 2) or UTF-16 code units (UCS-2).
    package let units: Int
    /// Segments the text is sent in (1 for an empty text).
    package let segmentCount: Int

    /// Normalises `raw` and measures the result.
    package init(_ raw: String) {
        let text = Self.normalize(raw)
        self.text = text
        encoding = GSM7.canEncode(text) ? .gsm7 : .ucs2
        (units, segmentCount) = Self.measure(text, encoding: encoding)
    }

    package var description: String { text }

    /// `raw` normalised as described on the type. Normalising twice gives the same text.
    package static func normalize(_ raw: String) -> String {
        let step1 = typographic(raw)
        if GSM7.canEncode(step1) { return step1 }

        var transliterated = String.UnicodeScalarView()
        for scalar in step1.unicodeScalars {
            if GSM7.septets(for: scalar) != nil {
                transliterated.append(scalar)
            } else if let replacement = letterReplacements[scalar] {
                transliterated.append(contentsOf: replacement.unicodeScalars)
            } else {
                let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
                    .filter { !(0x0300...0x036F).contains($0.value) }
                if !base.isEmpty, base.allSatisfy({ GSM7.septets(for: $0) != nil }) {
                    transliterated.append(contentsOf: base)
                } else {
                    return step1 // something has no GSM-7 form: UCS-2 anyway, keep the accents
                }
            }
        }
        return String(transliterated)
    }

    /// Step 1 of the normalisation alone: `raw` with its typography made plain (quotes,
    /// guillemets and their inner spaces, ellipsis, dashes, œ/Œ, special spaces; zero-width
    /// characters removed); letters are left as they are.
    package static func typographic(_ raw: String) -> String {
        var typographic = String.UnicodeScalarView()
        var skipSpaces = false
        for scalar in raw.precomposedStringWithCanonicalMapping.unicodeScalars {
            // French guillemets carry inner spaces (« texte »); straight quotes do not.
            let isSpace = scalar == " " || typographicReplacements[scalar] == " "
            if skipSpaces && isSpace { continue }
            skipSpaces = scalar == "\u{00AB}"
            if scalar == "\u{00BB}" {
                while typographic.last == " " { typographic.removeLast() }
            }
            if let replacement = typographicReplacements[scalar] {
                typographic.append(contentsOf: replacement.unicodeScalars)
            } else {
                typographic.append(scalar)
            }
        }
        return String(typographic)
    }

    /// Units and segments of an already normalised `text` sent in `encoding`. A multipart
    /// message never splits an escape sequence or a surrogate pair across two parts.
    package static func measure(_ text: String, encoding: SMSEncoding) -> (units: Int, segments: Int) {
        let widths: [Int]
        switch encoding {
        case .gsm7: widths = text.unicodeScalars.map { GSM7.septets(for: $0) ?? 1 }
        case .ucs2: widths = text.unicodeScalars.map { $0.utf16.count }
        }
        let units = widths.reduce(0, +)
        if units <= encoding.singleSegmentCapacity { return (units, 1) }
        let capacity = encoding.multipartSegmentCapacity
        var segments = 1
        var used = 0
        for width in widths {
            if used + width > capacity {
                segments += 1
                used = 0
            }
            used += width
        }
        return (units, segments)
    }

    /// The marker appended to a truncated free text.
    package static let ellipsis = "..."

    /// An alert of `prefix + freeText + suffix` kept within `maxSegments`: when too long, the
    /// free text (and only it) is cut at a character boundary, its trailing spaces dropped, and
    /// `...` appended; when even `prefix + suffix` does not fit, the text goes whole (``SMSAlert``).
    package static func alert(prefix: String, freeText: String, suffix: String = "", maxSegments: Int = 1) -> SMSText {
        SMSAlert.text(["free": freeText], shortenable: ["free"], ellipsis: ellipsis, maxSegments: maxSegments) {
            prefix + $0["free"]! + suffix
        }
    }

    private static let typographicReplacements: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = [
            "\u{2019}": "'", "\u{2018}": "'", "\u{201A}": "'", "\u{201B}": "'", "\u{2032}": "'", "\u{02BC}": "'", "\u{00B4}": "'",
            "\u{00AB}": "\"", "\u{00BB}": "\"", "\u{201C}": "\"", "\u{201D}": "\"", "\u{201E}": "\"", "\u{2033}": "\"",
            "\u{2039}": "'", "\u{203A}": "'",
            "\u{2026}": "...",
            "\u{0153}": "oe", "\u{0152}": "OE",
            "\u{2010}": "-", "\u{2011}": "-", "\u{2012}": "-", "\u{2013}": "-", "\u{2014}": "-", "\u{2212}": "-",
            "\u{00A0}": " ", "\u{202F}": " ", "\u{2007}": " ", "\u{2009}": " ", "\u{200A}": " ", "\t": " ",
            "\u{200B}": "", "\u{200C}": "", "\u{200D}": "", "\u{2060}": "", "\u{FEFF}": "", "\u{00AD}": ""
        ]
        for value in 0x2000...0x2006 { table[Unicode.Scalar(value)!] = " " }
        return table
    }()

    /// Letters outside GSM-7 whose nearest GSM-7 form is not their base letter alone.
    private static let letterReplacements: [Unicode.Scalar: String] = [
        "ç": "c", "Ÿ": "Y", "ÿ": "y", "Ð": "D", "ð": "d", "Þ": "Th", "þ": "th", "Ł": "L", "ł": "l"
    ]
}
