package import Foundation
package import JSONRPC
import Kernel

/// A free slot as `agenda.findSlots` and `agenda.nextAvailable` return it.
package struct Slot: Sendable, Codable, Equatable {
    package var practitionerId: String
    package var practitionerName: String
    package var siteId: String
    package var appointmentTypeId: String
    package var start: Date
    package var end: Date
    package var capacity: Int
    /// Patients this slot can still take (1…capacity).
    package var remaining: Int
    /// True for a restricted slot (reserved for staff) that has been released to every role.
    package var released: Bool
}

extension Slot: WireWritable {
    /// Search results are the agenda's largest replies: written directly (same JSON as `Encodable`).
    package func write(to writer: inout WireWriter) {
        writer.object { o in
            writeShared(to: &o)
            writeOwn(to: &o)
        }
    }

    /// Consecutive slots of one practitioner, site and type share their first four members:
    /// those are written once per run and copied.
    package static func writeList(_ slots: [Slot], to writer: inout WireWriter) {
        var run = -1 // the first slot of the current run
        var shared = writer.members { _ in }
        writer.array(count: slots.count) { w, index in
            if run < 0 || !slots[index].sharesMembers(with: slots[run]) {
                shared = w.members { slots[index].writeShared(to: &$0) }
                run = index
            }
            w.object(leading: shared) { slots[index].writeOwn(to: &$0) }
        }
    }

    private func sharesMembers(with other: Slot) -> Bool {
        practitionerId == other.practitionerId && siteId == other.siteId && appointmentTypeId == other.appointmentTypeId
            && practitionerName == other.practitionerName
    }

    private func writeShared(to o: inout WireWriter) {
        o.field("practitionerId", practitionerId)
        o.field("practitionerName", practitionerName)
        o.field("siteId", siteId)
        o.field("appointmentTypeId", appointmentTypeId)
    }

    private func writeOwn(to o: inout WireWriter) {
        o.field("start", start)
        o.field("end", end)
        o.field("capacity", capacity)
        o.field("remaining", remaining)
        o.field("released", released)
    }
}
