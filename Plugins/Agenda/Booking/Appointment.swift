package import Foundation
package import Kernel
package import Practice

/// A booked (or formerly booked) appointment, as stored and as returned on the wire.
///
/// `sequence` starts at 0 and is raised on every change (the iCalendar SEQUENCE). A cancelled
/// appointment stays, with its reason; a moved one points to its replacement (`rescheduledTo`).
package struct Appointment: Sendable, Codable, Equatable, StoreRowDecodable {
    package var id: String
    package var practitionerId: String
    package var siteId: String
    package var appointmentTypeId: String
    package var appointmentTypeLabel: String
    package var patientId: String
    package var patientName: String?
    package var newPatient: Bool
    package var caller: ContactEntry.Caller?
    package var start: Date
    package var end: Date
    package var status: AppointmentStatus
    package var sequence: Int
    package var notes: String?
    package var idempotencyKey: String?
    package var createdAt: Date
    package var updatedAt: Date
    package var bookedBy: String
    package var cancelReason: String?
    package var rescheduledFrom: String?
    package var rescheduledTo: String?
    /// Set on reads when an absence of the practitioner covers the appointment: it must be moved.
    package var toReschedule: Bool?

    /// The columns named otherwise than on the wire (the caller is `callerName`, `callerPhone`,
    /// `callerRelationship`).
    package static let columnNames = ["appointmentTypeId": "typeId", "appointmentTypeLabel": "typeLabel"]

    package init(
        id: String, practitionerId: String, siteId: String, appointmentTypeId: String, appointmentTypeLabel: String,
        patientId: String, patientName: String?, newPatient: Bool, caller: ContactEntry.Caller?, start: Date, end: Date,
        status: AppointmentStatus, sequence: Int, notes: String?, idempotencyKey: String?, createdAt: Date, updatedAt: Date,
        bookedBy: String, cancelReason: String? = nil, rescheduledFrom: String? = nil, rescheduledTo: String? = nil
    ) {
        self.id = id
        self.practitionerId = practitionerId
        self.siteId = siteId
        self.appointmentTypeId = appointmentTypeId
        self.appointmentTypeLabel = appointmentTypeLabel
        self.patientId = patientId
        self.patientName = patientName
        self.newPatient = newPatient
        self.caller = caller
        self.start = start
        self.end = end
        self.status = status
        self.sequence = sequence
        self.notes = notes
        self.idempotencyKey = idempotencyKey
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.bookedBy = bookedBy
        self.cancelReason = cancelReason
        self.rescheduledFrom = rescheduledFrom
        self.rescheduledTo = rescheduledTo
    }
}
