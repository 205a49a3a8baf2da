package import JSONRPC
import Kernel

/// Why one practitioner has no free slot in a search, with a French sentence for the secretary.
package struct PractitionerReason: Sendable, Codable, Equatable {
    package var practitionerId: String
    package var practitionerName: String
    package var reason: EmptyReason
    /// « Dr Claire Martin ne prend pas de nouveaux patients ».
    package var message: String
}

extension PractitionerReason: WireWritable {
    package func write(to writer: inout WireWriter) {
        writer.object { o in
            o.field("practitionerId", practitionerId)
            o.field("practitionerName", practitionerName)
            o.field("reason", reason.rawValue)
            o.field("message", message)
        }
    }
}
