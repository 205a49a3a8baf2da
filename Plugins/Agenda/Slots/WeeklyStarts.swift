import Practice

/// Where each appointment type may start on an ordinary day: the weekly schedule and reserved
/// blocks expanded once per practitioner, so that searching a day that follows the week (no
/// exception, no holiday, no daylight-saving change) is a table lookup, not an expansion.
struct WeeklyStarts: Sendable {
    /// typeId → siteId → weekday (ISO number − 1) → start minutes since midnight, ascending.
    private let starts: [String: [String: [[Int]]]]

    init(practitioner p: PractitionerAgenda) {
        var starts: [String: [String: [[Int]]]] = [:]
        for type in p.types {
            for site in p.siteIds {
                starts[type.id, default: [:]][site] = Weekday.allCases.map { weekday in
                    SlotGenerator.startMinutes(
                        of: type, in: (p.schedule[site]?[weekday] ?? []).sorted(), siteId: site, weekday: weekday,
                        practitioner: p)
                }
            }
        }
        self.starts = starts
    }

    /// Start minutes of `typeId` at `siteId` on `weekday` when the week applies.
    func minutes(typeId: String, siteId: String, weekday: Weekday) -> [Int] {
        starts[typeId]?[siteId]?[weekday.isoNumber - 1] ?? []
    }

    /// The whole week of `typeId` at `siteId`, by weekday (ISO number − 1), for a caller that
    /// expands many days of it.
    func week(typeId: String, siteId: String) -> [[Int]] {
        starts[typeId]?[siteId] ?? Array(repeating: [], count: 7)
    }
}
