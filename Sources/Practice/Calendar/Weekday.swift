/// A day of the week.
///
/// Raw values are the lowercase English names used as keys in the YAML configuration
/// (`phoneHours: {monday: [...]}`); weeks start on Monday, as in France and ISO 8601.
package enum Weekday: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// ISO 8601 day number: 1 for Monday … 7 for Sunday.
    package var isoNumber: Int {
        Weekday.allCases.firstIndex(of: self)! + 1
    }

    /// The day for an ISO 8601 day number (1 = Monday … 7 = Sunday); nil outside 1…7.
    package init?(isoNumber: Int) {
        guard (1...7).contains(isoNumber) else { return nil }
        self = Weekday.allCases[isoNumber - 1]
    }

    /// The lowercase French name (`lundi` … `dimanche`), for texts shown to callers.
    package var frenchName: String {
        switch self {
        case .monday: "lundi"
        case .tuesday: "mardi"
        case .wednesday: "mercredi"
        case .thursday: "jeudi"
        case .friday: "vendredi"
        case .saturday: "samedi"
        case .sunday: "dimanche"
        }
    }
}
