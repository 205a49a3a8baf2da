/// A phone number normalised to E.164 (`+33612345678`), from what people type.
///
/// French national numbers (`06 12 34 56 78`, `06.12.34.56.78`, `0612345678`) and the
/// international forms `+33 6 12 34 56 78`, `+33 (0)6 12 34 56 78`, `0033 6 12 34 56 78` all
/// give `+33612345678`. National numbers of the overseas departments, which share the French
/// 10-digit plan but have their own country codes, go to those codes (`0690 12 34 56` →
/// `+590690123456`; Réunion and Mayotte → +262, Guadeloupe → +590, Guyane → +594, Martinique
/// → +596). Any other `+` or `00` number with 8 to 15 digits is kept as E.164 without further
/// checks. Anything else throws a `PhoneNumberError` that says what is wrong. Coded as the
/// E.164 string; decoding normalises.
package struct PhoneNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The number in E.164: `+`, then 8 to 15 digits.
    package let e164: String

    /// Normalises `input`; throws `PhoneNumberError` when it is not a usable number.
    package init(_ input: String) throws(PhoneNumberError) {
        var digits = ""
        var international = false
        var sawAnything = false
        for character in input {
            switch character {
            case "0"..."9" where character.isASCII:
                digits.append(character)
                sawAnything = true
            case "+":
                guard !sawAnything else { throw .invalidCharacter("+") }
                international = true
                sawAnything = true
            case " ", ".", "-", "/", "(", ")", "\u{00A0}", "\u{202F}", "\t":
                continue
            default:
                throw .invalidCharacter(character)
            }
        }
        guard !digits.isEmpty else { throw .empty }
        if !international && digits.hasPrefix("00") {
            international = true
            digits.removeFirst(2)
        }
        if international {
            guard digits.hasPrefix("33") else {
                guard (8...15).contains(digits.count), !digits.hasPrefix("0") else {
                    throw .invalidInternationalNumber(digits: digits)
                }
                e164 = "+" + digits
                return
            }
            var national = String(digits.dropFirst(2))
            // "+33 (0)6 …": the trunk 0 written after the country code.
            if national.count == 10 && national.hasPrefix("0") { national.removeFirst() }
            guard national.count == 9, !national.hasPrefix("0") else {
                throw .invalidFrenchNumber(digits: "0" + national)
            }
            e164 = "+33" + national
            return
        }
        guard digits.count == 10, digits.hasPrefix("0"), !digits.dropFirst().hasPrefix("0") else {
            throw .invalidFrenchNumber(digits: digits)
        }
        let national = String(digits.dropFirst())
        let countryCode = PhoneNumber.overseasCountryCode(national: national) ?? "33"
        e164 = "+" + countryCode + national
    }

    /// True for a mobile number of France (+33 6, +33 7) or of an overseas department
    /// (0690/0691, 0694, 0696/0697, 0692/0693, 0639 in national form).
    package var isMobile: Bool {
        if e164.hasPrefix("+336") || e164.hasPrefix("+337") { return e164.count == 12 }
        let overseasMobile = [
            "+590690", "+590691", "+594694", "+596696", "+596697",
            "+262692", "+262693", "+262639"
        ]
        return e164.count == 13 && overseasMobile.contains { e164.hasPrefix($0) }
    }

    /// A number as a secretary reads it aloud or in a queue: the French national form when it has one,
    /// else the text as given (an unparsable or foreign number is never altered).
    package static func spoken(_ text: String) -> String {
        (try? PhoneNumber(text)).flatMap(\.frenchNationalFormat) ?? text
    }

    /// The French national form, `06 12 34 56 78`, for French and overseas numbers; nil otherwise.
    package var frenchNationalFormat: String? {
        let national: Substring
        if e164.hasPrefix("+33") && e164.count == 12 {
            national = e164.dropFirst(3)
        } else if e164.count == 13, ["+590", "+594", "+596", "+262"].contains(where: { e164.hasPrefix($0) }) {
            national = e164.dropFirst(4)
            guard PhoneNumber.overseasCountryCode(national: String(national)) == String(e164.dropFirst().prefix(3)) else {
                return nil
            }
        } else {
            return nil
        }
        let digits = Array("0" + national)
        return stride(from: 0, to: 10, by: 2).map { String(digits[$0..<$0 + 2]) }.joined(separator: " ")
    }

    package var description: String { e164 }

    /// The country codes that share the French national numbering plan: metropolitan France and
    /// the overseas departments, whose subscribers have 9-digit national numbers dialled `0…`
    /// from anywhere in it (Réunion and Mayotte +262, Guadeloupe and the northern islands +590,
    /// Guyane +594, Martinique +596). The other French territories have their own short plans
    /// (Saint-Pierre-et-Miquelon +508 and Wallis-et-Futuna +681: 6 digits, Nouvelle-Calédonie
    /// +687: 6, Polynésie +689: 8) and +269 is the Comoros since Mayotte moved to +262, so none
    /// of them can carry a 9-digit French national number.
    static let frenchPlanCountryCodes = ["33", "262", "590", "594", "596"]

    /// The 9-digit national significant number (without the trunk 0) when the number belongs to
    /// the French plan; nil otherwise.
    package var frenchNationalSignificantNumber: String? {
        for code in PhoneNumber.frenchPlanCountryCodes where e164.hasPrefix("+" + code) {
            let national = e164.dropFirst(1 + code.count)
            if national.count == 9, !national.hasPrefix("0") { return String(national) }
        }
        return nil
    }

    /// A key equal for two spellings of the same subscriber's number: the national significant
    /// number for the French plan (so `+33 6 39 98 12 01`, `06 39 98 12 01` — which the plan gives
    /// to Mayotte, `+262 639 98 12 01` — and `+590 6 39 98 12 01` all match), the E.164 otherwise.
    /// The plan gives each national number to one territory, so no two real subscribers share a key.
    package var matchKey: String { frenchNationalSignificantNumber.map { "FR" + $0 } ?? e164 }

    /// Every E.164 spelling with this number's `matchKey`, its own first: what to look for in a
    /// column that stores E.164 strings.
    package var matchingE164s: [String] {
        guard let national = frenchNationalSignificantNumber else { return [e164] }
        return [e164] + PhoneNumber.frenchPlanCountryCodes.map { "+" + $0 + national }.filter { $0 != e164 }
    }

    /// Whether this number and `other` reach the same subscriber (same `matchKey`).
    package func matches(_ other: PhoneNumber) -> Bool { matchKey == other.matchKey }

    /// Whether two numbers, as people write them or as stored, reach the same subscriber; false
    /// when either is not a number.
    package static func sameSubscriber(_ a: String, _ b: String) -> Bool {
        guard let x = try? PhoneNumber(a), let y = try? PhoneNumber(b) else { return false }
        return x.matches(y)
    }

    /// The country code of an overseas department for a 9-digit national number (without the 0), if any.
    static func overseasCountryCode(national: String) -> String? {
        switch national.prefix(3) {
        case "262", "263", "692", "693", "269", "639": "262"
        case "590", "690", "691": "590"
        case "594", "694": "594"
        case "596", "696", "697": "596"
        default: nil
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(e164)
    }
}
