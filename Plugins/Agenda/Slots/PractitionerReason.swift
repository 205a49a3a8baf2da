import Kernel

/// Why one practitioner has no free slot in a search, with a French sentence for the secretary.
public struct PractitionerReason: Sendable, Codable, Equatable {
    public var practitionerId: String
    public var practitionerName: String
    public var reason: EmptyReason
    /// « Dr Claire Martin ne prend pas de nouveaux patients ».
    public var message: String
}

extension PractitionerReason: WireWritable {
    public func write(to writer: inout WireWriter) {
        writer.object { o in
            o.field("practitionerId", practitionerId)
            o.field("practitionerName", practitionerName)
            o.field("reason", reason.rawValue)
            o.field("message", message)
        }
    }
}
