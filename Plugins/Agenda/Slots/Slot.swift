import Foundation

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
