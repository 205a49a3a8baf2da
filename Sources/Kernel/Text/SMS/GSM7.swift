/// The GSM 03.38 (3GPP TS 23.038) default alphabet and its extension table: the one table every
/// SMS text is measured against (one segment holds 160 septets; UCS-2, used when a text holds a
/// character outside this alphabet, holds 70).
package enum GSM7 {
    /// Characters of the basic table, one septet each (escape 0x1B excluded).
    package static let basic: Set<Unicode.Scalar> = Set(
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars)

    /// Characters of the extension table (`€ [ ] { } ~ ^ | \` and form feed), sent as escape +
    /// character: two septets each.
    package static let extended: Set<Unicode.Scalar> = Set("^{}\\[~]|€\u{0C}".unicodeScalars)

    /// Septets `scalar` takes in GSM-7 (1 or 2), or nil when GSM-7 cannot carry it.
    package static func septets(for scalar: Unicode.Scalar) -> Int? {
        if basic.contains(scalar) { return 1 }
        if extended.contains(scalar) { return 2 }
        return nil
    }

    /// Septets `text` takes as it is (extension characters counting two), or nil when some
    /// character is outside GSM-7.
    package static func septets(_ text: String) -> Int? {
        var count = 0
        for scalar in text.unicodeScalars {
            guard let width = septets(for: scalar) else { return nil }
            count += width
        }
        return count
    }

    /// True when every character of `text` can be sent in GSM-7.
    package static func canEncode(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { septets(for: $0) != nil }
    }

    /// The characters of `text` that GSM-7 cannot carry, each once, in order of appearance.
    package static func unsupported(_ text: String) -> [Character] {
        var found: [Character] = []
        for character in text where !character.unicodeScalars.allSatisfy({ septets(for: $0) != nil }) && !found.contains(character) {
            found.append(character)
        }
        return found
    }
}
