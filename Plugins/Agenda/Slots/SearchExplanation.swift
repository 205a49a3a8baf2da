import Foundation
package import JSONRPC
import Kernel

/// What an empty search says: why, for each practitioner searched, and the first free slots of other
/// practitioners of the practice who could see the patient instead.
///
/// `reason` is the practitioners' common reason, or `mixed`; `message` is one French line for the
/// secretary (« Dr Claire Martin ne prend pas de nouveaux patients → Dr Émilie Roux, premier créneau
/// mardi 3 mars à 9 h 10, site « Antenne des Chênes » », the site named when the practice has several); `alternatives` are bookable slots, earliest first, one per practitioner.
package struct SearchExplanation: Sendable, Codable, Equatable {
    package var reason: EmptyReason
    package var message: String
    package var practitioners: [PractitionerReason]
    package var alternatives: [Slot]

    /// Writes the members (inside an object the caller opens).
    func writeMembers(to o: inout WireWriter) {
        o.field("reason", reason.rawValue)
        o.field("message", message)
        o.field("practitioners", practitioners)
        o.field("alternatives", alternatives)
    }
}

extension SearchExplanation: WireWritable {
    package func write(to writer: inout WireWriter) {
        writer.object { writeMembers(to: &$0) }
    }
}
