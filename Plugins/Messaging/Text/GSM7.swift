/// The GSM 03.38 7-bit alphabet that SMS use without switching to UCS-2 (70 characters a segment).
///
/// A single segment holds 160 septets; characters of the extension table (`€ [ ] { } ~ ^ | \`)
/// take two. Alerts must fit one segment, so texts are checked at load and normalised at send.
public enum GSM7 {
    static let basic: Set<Character> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    static let extended: Set<Character> = Set("^{}\\[~]|€\u{0C}")

    /// Septets `text` takes, or nil when some character is outside GSM-7.
    public static func septets(_ text: String) -> Int? {
        var count = 0
        for c in text {
            if basic.contains(c) { count += 1 } else if extended.contains(c) { count += 2 } else { return nil }
        }
        return count
    }

    /// The characters of `text` outside GSM-7.
    public static func unsupported(_ text: String) -> [Character] {
        var out: [Character] = []
        for c in text where !basic.contains(c) && !extended.contains(c) && !out.contains(c) { out.append(c) }
        return out
    }

    /// `text` made GSM-7: accents GSM lacks are dropped (ê → e, ç → c), typographic quotes, dashes and
    /// spaces become their ASCII forms, anything else becomes `?`; then cut to `limit` septets
    /// (`.max`: never cut — alerts are fitted by ``SMSFit`` instead, which never cuts a number).
    public static func normalise(_ text: String, limit: Int = 160) -> String {
        var out = ""
        var used = 0
        for c in text {
            var replacement: String
            if basic.contains(c) || extended.contains(c) {
                replacement = String(c)
            } else {
                switch c {
                case "’", "‘", "´": replacement = "'"
                case "«", "»", "“", "”": replacement = "\""
                case "–", "—": replacement = "-"
                case "\u{00A0}", "\u{202F}", "\t": replacement = " "
                case "œ": replacement = "oe"
                case "Œ": replacement = "OE"
                case "…": replacement = "..."
                default:
                    let folded = String(c).decomposedStringWithCanonicalMapping.unicodeScalars
                        .filter { $0.properties.generalCategory != .nonspacingMark }
                    let candidate = String(String.UnicodeScalarView(folded))
                    replacement = candidate.allSatisfy({ basic.contains($0) }) && !candidate.isEmpty ? candidate : "?"
                }
            }
            let cost = septets(replacement) ?? replacement.count
            guard cost <= limit - used else { break }
            out += replacement
            used += cost
        }
        return out
    }
}
