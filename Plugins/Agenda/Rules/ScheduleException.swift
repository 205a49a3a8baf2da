package import Practice

/// A dated change to a practitioner's weekly schedule: other hours that day, or no consultation at all.
///
/// `siteId` nil applies to every site of the practitioner (only allowed with `closed`, or when the
/// practitioner works at one site). An exception wins over public holidays and practice closures:
/// it is the practitioner's explicit word for that date.
package struct ScheduleException: Sendable, Hashable {
    package var date: LocalDate
    package var siteId: String?
    /// The ranges worked that day; empty when closed.
    package var ranges: [LocalTimeRange]
}
