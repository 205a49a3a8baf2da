import Foundation
import Kernel

/// A free slot as `agenda.findSlots` and `agenda.nextAvailable` return it.
public struct Slot: Sendable, Codable, Equatable {
    public var practitionerId: String
    public var practitionerName: String
    public var siteId: String
    public var appointmentTypeId: String
    public var start: Date
    public var end: Date
    public var capacity: Int
    /// Patients this slot can still take (1…capacity).
    public var remaining: Int
    /// True for a restricted slot (reserved for staff) that has been released to every role.
    public var released: Bool
}

extension Slot: WireWritable {
    /// Search results are the agenda's largest replies: written directly (same JSON as `Encodable`).
    public func write(to writer: inout WireWriter) {
        writer.object { o in
            o.field("practitionerId", practitionerId)
            o.field("practitionerName", practitionerName)
            o.field("siteId", siteId)
            o.field("appointmentTypeId", appointmentTypeId)
            o.field("start", start)
            o.field("end", end)
            o.field("capacity", capacity)
            o.field("remaining", remaining)
            o.field("released", released)
        }
    }
}
