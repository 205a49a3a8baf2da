/// Why a site is closed at some moment or on some date.
///
/// Its description is the text given to secretaries: `"holiday: Lundi de Pâques"`, the
/// closure's own reason, or `"outside hours"`; it is also how it is encoded.
public enum ClosedReason: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// A public holiday with no exceptional opening.
    case holiday(Holiday)
    /// A practice closure period.
    case closure(PracticeClosure)
    /// No opening range at this time (lunch break, evening, a day the site does not open).
    case outsideHours

    public var description: String {
        switch self {
        case .holiday(let holiday): "holiday: \(holiday.name)"
        case .closure(let closure): closure.reason
        case .outsideHours: "outside hours"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
