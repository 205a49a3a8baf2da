import Foundation
package import Practice

/// Everything the agenda knows about one practitioner: weekly schedule per site, dated
/// exceptions, appointment types, reserved blocks and whether new patients are taken.
package struct PractitionerAgenda: Sendable {
    package var id: String
    package var name: String
    package var specialty: String
    package var acceptsNewPatients: Bool
    /// Site id → weekday → local ranges (lunch is the gap between two ranges).
    package var schedule: [String: [Weekday: [LocalTimeRange]]]
    package var types: [AppointmentType]
    package var reservedBlocks: [ReservedBlock]
    package var exceptions: [ScheduleException]

    /// Sites in the order of the configuration.
    package var siteIds: [String]

    package func type(_ id: String) -> AppointmentType? { types.first { $0.id == id } }

    /// The longest time any appointment blocks, buffer included, in seconds: bounds overlap queries.
    package var longestBlockSeconds: Double { Double((types.map(\.blockMinutes).max() ?? 0) * 60) }

    /// How a practitioner works a given date at a site.
    enum DayPlan {
        /// The weekly schedule of that weekday applies.
        case weekly
        /// Closed (closure or public holiday).
        case off
        /// A dated exception replaces the week's ranges.
        case exception([LocalTimeRange])
    }

    /// Whether `date` at `siteId` follows the week, is off, or has exception ranges.
    func plan(on date: LocalDate, siteId: String, calendar: BusinessCalendar?) -> DayPlan {
        if let exception = exceptions.last(where: { $0.date == date && ($0.siteId == siteId || $0.siteId == nil) }) {
            return .exception(exception.ranges.sorted())
        }
        if let calendar {
            if calendar.closures.contains(where: { $0.contains(date) }) { return .off }
            if calendar.holidays.holiday(on: date) != nil { return .off }
        }
        return .weekly
    }
}
