package import Foundation
import JSONRPC
package import Kernel
import Practice

/// An appointment that already exists elsewhere (the practice's previous software), to load as booked.
package struct ImportedAppointment: Sendable {
    package var practitionerId: String
    package var siteId: String
    package var appointmentTypeId: String
    package var patientId: String
    package var patientName: String?
    package var start: Date

    package init(practitionerId: String, siteId: String, appointmentTypeId: String, patientId: String, patientName: String? = nil, start: Date) {
        self.practitionerId = practitionerId
        self.siteId = siteId
        self.appointmentTypeId = appointmentTypeId
        self.patientId = patientId
        self.patientName = patientName
        self.start = start
    }
}

extension AgendaCore {
    /// Loads existing appointments in the caller's transaction. Booking rules about who may book and
    /// when (notice, horizon, release) do not apply to the past, but capacity does: an appointment
    /// that would overlap one already loaded is skipped. Returns how many were loaded and skipped.
    /// The appointments belong to `practiceId`.
    package func importAppointments(
        _ items: [ImportedAppointment], by actor: String, at now: Date, practiceId: String,
        in db: any StoreConnection
    ) throws -> (imported: Int, skipped: Int) {
        var imported = 0
        var skipped = 0
        for (i, item) in items.enumerated() {
            let p = try practitioner(item.practitionerId, field: "items[\(i)].practitionerId")
            guard let type = p.type(item.appointmentTypeId) else {
                throw RPCError.unprocessable(field: "items[\(i)].appointmentTypeId", "unknown appointment type \"\(item.appointmentTypeId)\" for \(p.id)")
            }
            let end = item.start.addingTimeInterval(Double(type.minutes * 60))
            let blockEnd = end.addingTimeInterval(Double(type.bufferMinutes * 60))
            let candidate = CandidateSlot(
                start: item.start, end: end, blockEnd: blockEnd,
                localStart: LocalDateTime(item.start, in: directory.timeZone).time)
            let occupants = try AgendaStore.occupants(practitionerId: p.id, from: item.start, to: blockEnd, practiceId: practiceId, in: db)
            guard SlotSearch.remaining(candidate, type: type, code: TypeCode.of(type.id), occupants: occupants, absences: []) > 0 else {
                skipped += 1
                continue
            }
            let a = Appointment(
                id: RandomIdentifier.make("apt_", hexDigits: 20), practitionerId: p.id, siteId: item.siteId, appointmentTypeId: type.id,
                appointmentTypeLabel: type.label, patientId: item.patientId, patientName: item.patientName, newPatient: false, caller: nil,
                start: item.start, end: end, status: .booked, sequence: 0, notes: nil, idempotencyKey: nil, createdAt: now, updatedAt: now,
                bookedBy: actor)
            try AgendaStore.insert(a, blockEnd: blockEnd, slotShare: AgendaStore.slotShare(of: a, capacity: type.capacity), practiceId: practiceId, in: db)
            imported += 1
        }
        return (imported, skipped)
    }
}
