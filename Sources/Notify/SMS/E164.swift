import Foundation

/// Phone numbers in the international E.164 form (`+33612345678`), as SMS gateways expect them.
///
/// Notify does not depend on the practice domain, so it carries its own small normaliser: French
/// national numbers (`06 12 34 56 78`) get the default country code, `00` becomes `+`, and
/// separators (spaces, dots, dashes, parentheses) are dropped.
public enum E164 {
    /// The E.164 form of `raw`, or nil when it is not a plausible phone number.
    /// - Parameter defaultCountryCode: used for national numbers starting with a single `0` (`33`: France).
    public static func normalize(_ raw: String, defaultCountryCode: String = "33") -> String? {
        var text = ""
        for character in raw.trimmingCharacters(in: .whitespacesAndNewlines) {
            if character.isWhitespace || ".-()/".contains(character) { continue }
            text.append(character)
        }
        var digits: Substring
        if text.hasPrefix("+") {
            digits = text.dropFirst()
        } else if text.hasPrefix("00") {
            digits = text.dropFirst(2)
        } else if text.hasPrefix("0"), text.count == 10 {
            digits = Substring(defaultCountryCode + text.dropFirst())
        } else {
            return nil
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // "+33 (0)6…" and "+330612…": the trunk 0 after the French country code is dropped.
        if digits.hasPrefix("330"), digits.count == 12 { digits = "33" + digits.dropFirst(3) }
        guard digits.first != "0", (8...15).contains(digits.count) else { return nil }
        if digits.hasPrefix("33"), digits.count != 11 { return nil }
        return "+" + digits
    }
}
