import Foundation
import Practice

/// A start the schedule offers for one appointment type, before bookings and absences are counted.
struct CandidateSlot: Sendable, Hashable {
    let start: Date
    let end: Date
    /// `end` plus the type's buffer: what the slot blocks in the practitioner's agenda.
    let blockEnd: Date
    /// The wall-clock time the slot was laid at.
    let localStart: LocalTime
}
