import Foundation
import Kernel

/// A patient's contact history: every journal entry about the patient, plus the entries from
/// their phone numbers that no one attached to a patient, such as an abandoned call or a call
/// imported from the telephony's log, so that nothing said from those numbers is missed. Their
/// numbers are their own and their related persons', and every number a contact recorded for the
/// patient came from (the callback number of a message, a proxy's phone).
///
/// Each item tells how it matched: `patient` (recorded for this patient) or `phone` (recorded
/// without a patient, from one of these numbers).
struct ContactTimeline {
    struct Item: Encodable, Sendable {
        let entry: ContactEntry
        let match: String

        func encode(to encoder: any Encoder) throws {
            try entry.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(match, forKey: .match)
        }
        private enum Key: String, CodingKey { case match }
    }
}
