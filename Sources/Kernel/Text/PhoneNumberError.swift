/// Why a text is not a usable phone number; `description` says what is wrong, in English,
/// for validation errors and logs.
package enum PhoneNumberError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing but spaces and separators.
    case empty
    /// A character that is neither a digit nor a separator (space . - / ( )), or a misplaced `+`.
    case invalidCharacter(Character)
    /// A French national number that does not have 10 digits starting with 0 (then not 0).
    case invalidFrenchNumber(digits: String)
    /// An international number whose digits after `+` are not 8 to 15, or start with 0.
    case invalidInternationalNumber(digits: String)

    package var description: String {
        switch self {
        case .empty:
            "phone number is empty"
        case .invalidCharacter(let character):
            "phone number contains \"\(character)\"; only digits, spaces, . - / ( ) and a leading + or 00 are allowed"
        case .invalidFrenchNumber(let digits):
            "French phone number \"\(digits)\" has \(digits.count) digits; expected 10 digits starting with 0 (e.g. 06 12 34 56 78) or +33 followed by 9 digits"
        case .invalidInternationalNumber(let digits):
            "international phone number +\(digits) has \(digits.count) digits after +; expected 8 to 15 digits, not starting with 0"
        }
    }
}
