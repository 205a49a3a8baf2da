package import Foundation
import JSONRPC
package import Kernel

/// A freed slot offered by SMS to one waiting patient: OUI books it if it is still free.
package struct SlotOffer: Sendable, Codable, Equatable, StoreRowDecodable {
    package enum Status: String, Sendable, Codable, CaseIterable {
        /// Sent, waiting for an answer until `expiresAt`.
        case sent
        /// Answered OUI while the slot was free: booked (`appointmentId`).
        case accepted
        /// Answered OUI after someone else took the slot.
        case gone
        /// Answered NON.
        case declined
        /// Not answered in time: the slot went to the next patient.
        case expired
        /// Answered STOP.
        case optedOut
        /// Answered something else: a secretary has it in the callback queue.
        case forwarded
    }
    package var id: String
    package var entryId: String
    package var patientId: String
    package var phone: String
    package var practitionerId: String
    package var siteId: String
    package var appointmentTypeId: String
    package var start: Date
    package var status: Status
    package var sentAt: Date
    package var expiresAt: Date
    package var answeredAt: Date?
    package var appointmentId: String?
    /// The appointment whose cancellation or move freed the slot, when one did.
    package var freedBy: String?

    /// The column named otherwise than on the wire.
    package static let columnNames = ["appointmentTypeId": "typeId"]

    init(id: String, entry: WaitlistEntry, slot: FreedSlot, sentAt: Date, expiresAt: Date) {
        self.id = id
        entryId = entry.id
        patientId = entry.patientId
        phone = entry.phone
        practitionerId = slot.practitionerId
        siteId = slot.siteId
        appointmentTypeId = slot.appointmentTypeId
        start = slot.start
        status = .sent
        self.sentAt = sentAt
        self.expiresAt = expiresAt
        freedBy = slot.freedBy
    }

    var slot: FreedSlot {
        FreedSlot(practitionerId: practitionerId, siteId: siteId, appointmentTypeId: appointmentTypeId, start: start, freedBy: freedBy)
    }

    static let schema = Schema.object([
        required("id", .string), required("entryId", .string), required("patientId", .string), required("phone", .string),
        required("practitionerId", .string), required("siteId", .string), required("appointmentTypeId", .string),
        required("start", .instant), required("status", .oneOf(Status.allCases.map(\.rawValue))), required("sentAt", .instant),
        required("expiresAt", .instant), optional("answeredAt", .instant), optional("appointmentId", .string), optional("freedBy", .string)
    ])
}

/// A slot that became free: what a cancellation, a move or a removed absence gives back.
package struct FreedSlot: Sendable, Codable, Equatable {
    package var practitionerId: String
    package var siteId: String
    package var appointmentTypeId: String
    package var start: Date
    package var freedBy: String?
}
