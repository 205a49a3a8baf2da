/// Why a site is closed at some moment or on some date.
///
/// `description` is the French text given to secretaries and callers (« jour férié : Lundi de
/// Pâques », « fermeture : congés d'été », « pause déjeuner », « hors des heures d'ouverture »);
/// it is also how it is encoded. `kind` is the machine-readable name (`holiday`, `closure`,
/// `lunchBreak`, `outsideHours`).
package enum ClosedReason: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// A public holiday (*jour férié*) with no exceptional opening.
    case holiday(Holiday)
    /// A practice closure period (`practice.closures`: staff holidays, works…).
    case closure(PracticeClosure)
    /// Between two opening ranges of the same day: the lunch break (*pause déjeuner*). Only an
    /// instant has it (`BusinessCalendar.isOpen`), never a whole day.
    case lunchBreak
    /// Before the first or after the last opening range of the day (evening, night, early
    /// morning), or a day the site does not open (weekend, a weekday off).
    case outsideHours

    /// Every value of `kind`.
    package static let kinds = ["holiday", "closure", "lunchBreak", "outsideHours"]

    /// `holiday`, `closure`, `lunchBreak` or `outsideHours`.
    package var kind: String {
        switch self {
        case .holiday: "holiday"
        case .closure: "closure"
        case .lunchBreak: "lunchBreak"
        case .outsideHours: "outsideHours"
        }
    }

    package var description: String {
        switch self {
        case .holiday(let holiday): "jour férié : \(holiday.name)"
        case .closure(let closure):
            // « Fermeture estivale » needs no « fermeture : » before it.
            closure.reason.lowercased().hasPrefix("fermeture") ? closure.reason : "fermeture : \(closure.reason)"
        case .lunchBreak: "pause déjeuner"
        case .outsideHours: "hors des heures d'ouverture"
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
