package import Foundation
import JSONRPC
package import Kernel
package import Practice

/// Books, cancels and moves appointments inside one write transaction each.
///
/// Each change first takes its practitioners' agendas (`AgendaStore.serialize`: SQLite serialises
/// writers anyway, PostgreSQL takes an advisory lock per practitioner), so the rules checked inside
/// `store.write` (slot on the schedule, audience, notice, horizon, role, absence, capacity) cannot be
/// invalidated before the insert commits, whichever connection or node commits beside it: capacity
/// is never exceeded and two overlapping appointments of a capacity-1 slot can never both be booked. Every change is written to the contact journal in the same transaction.
/// Each call acts for one practice (`practiceId`): it books in it, and finds only its appointments.
package struct BookingDesk: Sendable {
    package let search: SlotSearch
    package let patients: any PatientLookup

    package init(search: SlotSearch, patients: any PatientLookup) {
        self.search = search
        self.patients = patients
    }

    /// What a booking asks for.
    package struct Request: Sendable {
        package var practitionerId: String
        package var siteId: String
        package var start: Date
        package var appointmentTypeId: String
        package var patientId: String
        package var caller: ContactEntry.Caller?
        package var idempotencyKey: String?
        package var notes: String?
        /// nil: inferred (see `PatientStanding`): new unless followed by this practitioner or with an
        /// appointment with them that is not cancelled.
        package var newPatient: Bool?
    }

    /// Who books, when.
    package struct Actor: Sendable {
        package var now: Date
        package var role: Role
        package var name: String
    }

    /// Checks the slot again and books it; the same idempotency key returns the first appointment.
    /// Returns the appointment and whether it already existed.
    func book(_ r: Request, by actor: Actor, practiceId: String, in db: any StoreConnection) throws -> (Appointment, replayed: Bool) {
        try AgendaStore.serialize(practitionerIds: [r.practitionerId], practiceId: practiceId, in: db)
        if let key = r.idempotencyKey, let existing = try AgendaStore.appointment(idempotencyKey: key, practiceId: practiceId, in: db) {
            return (existing, true)
        }
        guard let name = try patients.patientName(id: r.patientId, in: db) else {
            throw RPCError.notFound("patient \"\(r.patientId)\"", field: "patientId")
        }
        let appointment = try place(r, patientName: name, by: actor, excluding: nil, rescheduledFrom: nil, practiceId: practiceId, in: db)
        try journal(appointment, kind: "booked", subject: "Rendez-vous pris", actor: actor, in: db)
        return (appointment, false)
    }

    /// Validates the requested slot and inserts the appointment (no journal entry).
    private func place(
        _ r: Request, patientName: String?, by actor: Actor, excluding: String?, rescheduledFrom: String?, practiceId: String,
        in db: any StoreConnection
    ) throws -> Appointment {
        guard let p = search.rules.practitioner(r.practitionerId) else {
            throw RPCError.unprocessable(field: "practitionerId", "unknown practitioner \"\(r.practitionerId)\"")
        }
        guard let type = p.type(r.appointmentTypeId) else {
            throw RPCError.unprocessable(
                field: "appointmentTypeId",
                "unknown appointment type \"\(r.appointmentTypeId)\" for \(p.id); known: \(p.types.map(\.id).joined(separator: ", "))")
        }
        guard p.siteIds.contains(r.siteId) else {
            throw RPCError.unprocessable(field: "siteId", "\(p.id) does not consult at \"\(r.siteId)\"; sites: \(p.siteIds.joined(separator: ", "))")
        }
        let newPatient = try r.newPatient ?? isNew(patientId: r.patientId, for: p.id, practiceId: practiceId, in: db)
        if newPatient && !p.acceptsNewPatients {
            let why = r.newPatient == nil ? ", and this patient is neither followed by \(p.id) (followedBy) nor has an appointment with them" : ""
            throw RPCError.unprocessable(field: r.newPatient == nil ? "patientId" : "newPatient", "\(p.name) takes no new patients" + why)
        }
        if !type.admits(newPatient: newPatient) {
            throw RPCError.unprocessable(
                field: "appointmentTypeId",
                "\"\(type.id)\" is for \(type.audience == .new ? "new" : "existing") patients only")
        }
        let date = LocalDate(r.start, in: search.directory.timeZone)
        guard let candidate = search.generator(for: p).candidates(type: type, siteId: r.siteId, on: date).first(where: { $0.start == r.start }) else {
            throw RPCError.unprocessable(field: "start", "not a start of \"\(type.id)\" in \(p.id)'s schedule at \(r.siteId)")
        }
        let caller = SlotSearch.Caller(now: actor.now, role: actor.role, newPatient: newPatient)
        switch search.check(candidate, type: type, practitioner: p, caller: caller) {
        case .failure(.notice):
            throw RPCError.unprocessable(field: "start", "\"\(type.id)\" needs \(type.minNoticeMinutes) minutes' notice")
        case .failure(.horizon):
            throw RPCError.unprocessable(field: "start", "\"\(type.id)\" can be booked at most \(type.horizonDays) days ahead")
        case .failure(.restricted):
            throw RPCError(
                .forbidden,
                "Forbidden: \"\(type.id)\" is reserved to \((type.bookableBy ?? []).map(\.rawValue).joined(separator: ", "))"
                    + (type.releaseHoursBefore.map { " until \($0) h before it starts" } ?? ""),
                data: ["field": "appointmentTypeId", "reason": "reserved slot not released yet", "role": .string(actor.role.rawValue)])
        case .failure(.audience):
            throw RPCError.unprocessable(field: "appointmentTypeId", "not offered to this patient")
        case .success:
            break
        }
        let occupants = try AgendaStore.occupants(
            practitionerId: p.id, from: candidate.start, to: candidate.blockEnd, excluding: excluding, practiceId: practiceId, in: db)
        let absences = try AgendaStore.absences(practitionerId: p.id, from: candidate.start, to: candidate.blockEnd, practiceId: practiceId, in: db)
        if !absences.isEmpty {
            throw RPCError.conflict("\(p.name) is absent at that time", data: ["reason": "absence", "absenceId": .string(absences[0].id)])
        }
        guard SlotSearch.remaining(candidate, type: type, code: TypeCode.of(type.id), occupants: occupants, absences: []) > 0 else {
            throw RPCError.conflict("slot no longer free", data: ["reason": "slot no longer free", "field": "start"])
        }
        let a = Appointment(
            id: RandomIdentifier.make("apt_", hexDigits: 20), practitionerId: p.id, siteId: r.siteId, appointmentTypeId: type.id,
            appointmentTypeLabel: type.label,
            patientId: r.patientId, patientName: patientName, newPatient: newPatient, caller: r.caller, start: candidate.start,
            end: candidate.end, status: .booked, sequence: 0, notes: r.notes, idempotencyKey: r.idempotencyKey, createdAt: actor.now,
            updatedAt: actor.now, bookedBy: actor.name, rescheduledFrom: rescheduledFrom)
        try AgendaStore.insert(
            a, blockEnd: candidate.blockEnd, slotShare: AgendaStore.slotShare(of: a, capacity: type.capacity), practiceId: practiceId, in: db)
        return a
    }

    /// A patient is new for a practitioner who does not follow them and has no appointment with them
    /// that is not cancelled. A patient the register does not know (an imported appointment's) is
    /// followed by nobody.
    private func isNew(patientId: String, for practitionerId: String, practiceId: String, in db: any StoreConnection) throws -> Bool {
        if try patients.followedBy(id: patientId, in: db)?.contains(practitionerId) == true { return false }
        return try !AgendaStore.isKnown(patientId: patientId, practitionerId: practitionerId, practiceId: practiceId, in: db)
    }

    /// Cancels a booked appointment; the slot is free again.
    func cancel(appointmentId: String, reason: String, by actor: Actor, practiceId: String, in db: any StoreConnection) throws -> Appointment {
        guard let a = try AgendaStore.appointment(id: appointmentId, practiceId: practiceId, in: db) else {
            throw RPCError.notFound("appointment \"\(appointmentId)\"", field: "appointmentId")
        }
        guard a.status.occupiesSlot else { throw RPCError.conflict("appointment is already \(a.status.rawValue)") }
        try AgendaStore.update(status: .cancelled, id: a.id, practiceId: practiceId, now: actor.now, cancelReason: reason, in: db)
        let updated = try AgendaStore.appointment(id: a.id, practiceId: practiceId, in: db)!
        try journal(updated, kind: "cancelled", subject: "Rendez-vous annulé", actor: actor, in: db, outcome: reason)
        return updated
    }

    /// What a move asks for: the new slot; fields left nil keep the old appointment's value.
    package struct Move: Sendable {
        package var appointmentId: String
        package var start: Date
        package var siteId: String?
        package var practitionerId: String?
        package var appointmentTypeId: String?
        package var reason: String?
        package var idempotencyKey: String?
    }

    /// Atomically books the new slot and cancels the old appointment; on any error nothing changes.
    func reschedule(_ m: Move, by actor: Actor, practiceId: String, in db: any StoreConnection) throws -> (from: Appointment, to: Appointment, replayed: Bool) {
        if let key = m.idempotencyKey, let existing = try AgendaStore.appointment(idempotencyKey: key, practiceId: practiceId, in: db),
            let fromID = existing.rescheduledFrom, let old = try AgendaStore.appointment(id: fromID, practiceId: practiceId, in: db)
        {
            return (old, existing, true)
        }
        guard let seen = try AgendaStore.appointment(id: m.appointmentId, practiceId: practiceId, in: db) else {
            throw RPCError.notFound("appointment \"\(m.appointmentId)\"", field: "appointmentId")
        }
        // Both agendas, then the appointment read again: another move of it may have committed meanwhile.
        try AgendaStore.serialize(practitionerIds: [seen.practitionerId, m.practitionerId ?? seen.practitionerId], practiceId: practiceId, in: db)
        if let key = m.idempotencyKey, let existing = try AgendaStore.appointment(idempotencyKey: key, practiceId: practiceId, in: db),
            let fromID = existing.rescheduledFrom, let old = try AgendaStore.appointment(id: fromID, practiceId: practiceId, in: db)
        {
            return (old, existing, true)
        }
        let old = try AgendaStore.appointment(id: m.appointmentId, practiceId: practiceId, in: db) ?? seen
        guard old.status == .booked else { throw RPCError.conflict("appointment is \(old.status.rawValue) and cannot be moved") }
        let samePractitioner = (m.practitionerId ?? old.practitionerId) == old.practitionerId
        let request = Request(
            practitionerId: m.practitionerId ?? old.practitionerId, siteId: m.siteId ?? old.siteId, start: m.start,
            appointmentTypeId: m.appointmentTypeId ?? old.appointmentTypeId, patientId: old.patientId, caller: old.caller,
            idempotencyKey: m.idempotencyKey, notes: old.notes, newPatient: samePractitioner ? old.newPatient : nil)
        let new = try place(
            request, patientName: old.patientName, by: actor, excluding: samePractitioner ? old.id : nil,
            rescheduledFrom: old.id, practiceId: practiceId, in: db)
        try AgendaStore.update(
            status: .cancelled, id: old.id, practiceId: practiceId, now: actor.now, cancelReason: m.reason ?? "rescheduled", rescheduledTo: new.id, in: db)
        let cancelled = try AgendaStore.appointment(id: old.id, practiceId: practiceId, in: db)!
        try journal(new, kind: "rescheduled", subject: "Rendez-vous déplacé", actor: actor, in: db, outcome: m.reason)
        return (cancelled, new, false)
    }

    /// Records what happened to an appointment (arrived, fulfilled, noshow…).
    func setStatus(appointmentId: String, status: AppointmentStatus, by actor: Actor, practiceId: String, in db: any StoreConnection) throws -> Appointment {
        guard let a = try AgendaStore.appointment(id: appointmentId, practiceId: practiceId, in: db) else {
            throw RPCError.notFound("appointment \"\(appointmentId)\"", field: "appointmentId")
        }
        guard a.status.occupiesSlot else { throw RPCError.conflict("appointment is \(a.status.rawValue)") }
        try AgendaStore.update(status: status, id: a.id, practiceId: practiceId, now: actor.now, in: db)
        return try AgendaStore.appointment(id: a.id, practiceId: practiceId, in: db)!
    }

    private func journal(_ a: Appointment, kind: String, subject: String, actor: Actor, in db: any StoreConnection, outcome: String? = nil) throws {
        let local = LocalDateTime(a.start, in: search.directory.timeZone)
        try ContactJournal.append(
            ContactEntry(
                channel: .phone, direction: .inbound, patientId: a.patientId, caller: a.caller, motive: .appointment,
                subject: "\(subject) : \(a.appointmentTypeLabel), \(local.date) \(local.time), \(a.practitionerId)",
                offeredAt: actor.now, agent: actor.name, outcome: outcome, source: "agenda", reference: a.id, kind: kind),
            practiceId: search.directory.practiceId, in: db)
    }
}
