import Foundation
import Practice

/// A start the schedule offers for one appointment type, before bookings and absences are counted.
struct CandidateSlot: Sendable, Hashable {
    let practitionerId: String
    let siteId: String
    let start: Date
    let end: Date
    /// `end` plus the type's buffer: what the slot blocks in the practitioner's agenda.
    let blockEnd: Date
    let localDate: LocalDate
    let localStart: LocalTime
}
