import Foundation
import JSONRPC
import Kernel
import Practice

/// What follows a change of an appointment for its patient and for the waiting list, written in
/// the change's own transaction: the reminder planned at booking (re-planned on a move, dropped
/// on a cancellation), the notice when the practice cannot keep it, and the offers of the slot it
/// frees. Also answers the patients' replies (`PatientReplyListener`). Every function acts for the
/// practice `practiceId` names.
package struct AppointmentFollowUp: Sendable {
    package let reminders: ReminderSettings
    package let schedule: ReminderSchedule
    package let waitlistSettings: WaitlistSettings
    let sms: PatientSMS
    let offers: WaitlistOffers
    /// Reserved blocks' slots as they open to more callers, for the waiting list.
    let releases: BlockReleases
    let patients: any PatientLookup
    /// The appointment types of the practice's practitioners that reminders are sent for.
    let remindedTypes: Set<String>

    init(
        reminders: ReminderSettings, waitlist: WaitlistSettings, texts: PatientTexts, rules: AgendaRules, directory: PracticeDirectory,
        desk: BookingDesk, patients: any PatientLookup
    ) {
        self.reminders = reminders
        let holidays = directory.profile.holidays ?? .france
        schedule = ReminderSchedule(settings: reminders, timeZone: directory.timeZone, holidays: holidays)
        waitlistSettings = waitlist
        sms = PatientSMS(texts: texts, directory: directory)
        offers = WaitlistOffers(settings: waitlist, rules: rules, desk: desk, sms: sms, schedule: schedule)
        releases = BlockReleases(rules: rules, timeZone: directory.timeZone)
        self.patients = patients
        remindedTypes = Set(rules.practitioners.flatMap(\.types).map(\.id).filter { reminders.sends(typeId: $0) })
    }

    /// The opt-out list, when Notify runs.
    static func optOuts(_ host: KernelHost) -> (any SMSOptOuts)? { host.services.resolve((any SMSOptOuts).self) }

    /// Where the appointment's SMS go: the number of whoever booked it, else the patient's.
    func recipient(_ a: Appointment, in db: any StoreConnection) throws -> String? {
        if let phone = a.caller?.phone { return phone }
        return try patients.phone(id: a.patientId, in: db)
    }

    /// Plans the reminder of a new appointment (none when it was booked after its reminder time).
    func booked(_ a: Appointment, at bookedAt: Date, practiceId: String, in db: any StoreConnection) throws {
        guard a.status == .booked, let due = schedule.sendTime(typeId: a.appointmentTypeId, start: a.start, bookedAt: bookedAt),
            let phone = try recipient(a, in: db)
        else { return }
        try ReminderStore.insert(
            Reminder(id: RandomIdentifier.make("rem_", hexDigits: 20), kind: .reminder, appointmentId: a.id, phone: phone, dueAt: due),
            practiceId: practiceId, in: db)
    }

    /// A cancellation: drops the reminder, tells the patient when the practice cancelled, offers the slot.
    func cancelled(_ a: Appointment, byPractice: Bool, now: Date, host: KernelHost, practiceId: String, in db: any StoreConnection) throws -> [PatientSMSEvent]
    {
        try ReminderStore.dropPlanned(appointmentId: a.id, practiceId: practiceId, in: db)
        var events: [PatientSMSEvent] = []
        if byPractice, let notice = try notice(a, now: now, host: host, practiceId: practiceId, in: db) { events.append(.noticeSent(notice)) }
        events += try freed(a, now: now, host: host, practiceId: practiceId, in: db)
        return events
    }

    /// A move: the old appointment's reminder goes, the new one gets its own; the old slot is offered.
    func rescheduled(
        from: Appointment, to: Appointment, now: Date, host: KernelHost, practiceId: String, in db: any StoreConnection
    ) throws -> [PatientSMSEvent] {
        try ReminderStore.dropPlanned(appointmentId: from.id, practiceId: practiceId, in: db)
        try booked(to, at: now, practiceId: practiceId, in: db)
        return try freed(from, now: now, host: host, practiceId: practiceId, in: db)
    }

    /// Appointments an absence now covers: their reminders go and each patient gets a notice (once).
    func absenceCovers(_ list: [Appointment], now: Date, host: KernelHost, practiceId: String, in db: any StoreConnection) throws -> [PatientSMSEvent] {
        var events: [PatientSMSEvent] = []
        for a in list where a.status == .booked && a.start > now {
            try ReminderStore.dropPlanned(appointmentId: a.id, practiceId: practiceId, in: db)
            if let n = try notice(a, now: now, host: host, practiceId: practiceId, in: db) { events.append(.noticeSent(n)) }
        }
        return events
    }

    /// An absence removed: the appointments of `practitionerId` it covered that are still booked
    /// stand again. Patients told otherwise by a notice are told they are kept (one SMS; none to an
    /// opted-out number), leave the waiting list they joined by answering it, and get their
    /// reminder back when its time is still ahead.
    func absenceRemoved(practitionerId: String, from: Date, to: Date, now: Date, host: KernelHost, practiceId: String, in db: any StoreConnection) throws {
        for a in try AgendaStore.appointments(practitionerId: practitionerId, from: from, to: to, practiceId: practiceId, in: db)
        where a.status == .booked && a.start > now {
            guard try ReminderStore.exists(appointmentId: a.id, kind: .notice, practiceId: practiceId, in: db) else { continue }
            try ReminderStore.closeNotices(appointmentId: a.id, practiceId: practiceId, in: db)
            try WaitlistStore.removeJoinedByNotice(appointmentId: a.id, practiceId: practiceId, in: db)
            try booked(a, at: now, practiceId: practiceId, in: db)
            if let phone = try recipient(a, in: db), try Self.optOuts(host)?.isOptedOut(phone, in: db) != true {
                try sms.send(
                    "kept", to: phone, values: sms.values(start: a.start, siteId: a.siteId), event: "agenda.notice", reference: a.id, now: now,
                    practiceId: practiceId, in: db)
            }
        }
    }

    /// The slot of `a` offered to the waiting list.
    func freed(_ a: Appointment, now: Date, host: KernelHost, practiceId: String, in db: any StoreConnection) throws -> [PatientSMSEvent] {
        let slot = FreedSlot(practitionerId: a.practitionerId, siteId: a.siteId, appointmentTypeId: a.appointmentTypeId, start: a.start, freedBy: a.id)
        return try offers.offer(slot, now: now, optOuts: Self.optOuts(host), practiceId: practiceId, in: db).map(PatientSMSEvent.offerSent)
    }

    /// Tells the patient the practice cannot keep the appointment (once per appointment; not to an opted-out number).
    private func notice(_ a: Appointment, now: Date, host: KernelHost, practiceId: String, in db: any StoreConnection) throws -> Reminder? {
        guard reminders.enabled, try !ReminderStore.exists(appointmentId: a.id, kind: .notice, practiceId: practiceId, in: db),
            let phone = try recipient(a, in: db), try Self.optOuts(host)?.isOptedOut(phone, in: db) != true
        else { return nil }
        var r = Reminder(id: RandomIdentifier.make("rem_", hexDigits: 20), kind: .notice, appointmentId: a.id, phone: phone, dueAt: now, status: .sent)
        r.sentAt = now
        let text = try sms.send(
            "notice", to: phone, values: sms.values(start: a.start, siteId: a.siteId), event: "agenda.notice",
            reference: r.id, now: now, practiceId: practiceId, in: db)
        r.segments = text.segmentCount
        try ReminderStore.insert(r, practiceId: practiceId, in: db)
        try ReminderStore.markSent(r.id, at: now, segments: text.segmentCount, practiceId: practiceId, in: db)
        return r
    }

    // MARK: - Sending due reminders

    /// Sends the reminders due at `now` (at most `limit`): the SMS goes to the outbox, unless the
    /// appointment is no longer booked, has started, or its number opted out. Returns how many were looked at.
    func sendDue(now: Date, limit: Int, optOuts: (any SMSOptOuts)?, practiceId: String, in db: any StoreConnection) throws -> Int {
        try Self.serialize(practiceId: practiceId, in: db)
        let due = try ReminderStore.due(at: now, limit: limit, practiceId: practiceId, in: db)
        for r in due {
            guard let a = try AgendaStore.appointment(id: r.appointmentId, practiceId: practiceId, in: db), a.status == .booked else {
                try ReminderStore.markSkipped(r.id, reason: "appointmentChanged", practiceId: practiceId, in: db)
                continue
            }
            guard a.start > now else {
                try ReminderStore.markSkipped(r.id, reason: "tooLate", practiceId: practiceId, in: db)
                continue
            }
            // Due while sending is not allowed (the server was stopped through its time, or planned
            // at start-up after it): at the next allowed time, unless that is too close to the appointment.
            if !schedule.isAllowed(at: now) {
                let latest = a.start.addingTimeInterval(-reminders.minimumNoticeHours * 3600)
                if let next = schedule.nextAllowed(from: now), next <= latest {
                    try ReminderStore.postpone(r.id, to: next, practiceId: practiceId, in: db)
                } else {
                    try ReminderStore.markSkipped(r.id, reason: "tooLate", practiceId: practiceId, in: db)
                }
                continue
            }
            if try optOuts?.isOptedOut(r.phone, in: db) == true {
                try ReminderStore.markSkipped(r.id, reason: "optedOut", practiceId: practiceId, in: db)
                continue
            }
            let text = try sms.send(
                "reminder", to: r.phone, values: sms.values(start: a.start, siteId: a.siteId), event: "agenda.reminder",
                reference: r.id, now: now, practiceId: practiceId, in: db)
            try ReminderStore.markSent(r.id, at: now, segments: text.segmentCount, practiceId: practiceId, in: db)
        }
        return due.count
    }

    /// Whether `planMissing` over the same window would find anything to look at.
    func hasMissing(from: Date, to: Date, practiceId: String, in db: any StoreConnection) throws -> Bool {
        guard reminders.enabled else { return false }
        return try !ReminderStore.unconsidered(from: from, to: to, typeIds: remindedTypes, limit: 1, practiceId: practiceId, in: db).isEmpty
    }

    /// One follow-up transaction of the practice at a time (`StoreConnection.serialize`): plannings,
    /// sendings and expiries of waiting-list offers read what is due, then mark it; two at once (a
    /// worker's and a start's, or another node's) would both find it due and text the patient twice.
    /// Taken before any practitioner's agenda (`AgendaStore.serialize`), never after.
    static func serialize(practiceId: String, in db: any StoreConnection) throws {
        try db.serialize(["agenda-follow-up|\(practiceId)"])
    }

    /// Plans reminders for booked appointments in `[from, to)` that have none (imported, or booked
    /// while reminders were off); returns how many were planned.
    func planMissing(from: Date, to: Date, practiceId: String, in db: any StoreConnection) throws -> Int {
        try planMissing(from: from, to: to, practiceId: practiceId, limit: .max, in: db).planned
    }

    /// One batch of the planning: at most `limit` appointments of a reminded type not yet looked at,
    /// in start order. Each gets its reminder unless it has one (booked live), has no phone or is too
    /// late, and is marked as looked at either way, so that a start reads it only once. Returns the
    /// reminders planned and the appointments looked at (fewer than `limit`: the window is done).
    func planMissing(from: Date, to: Date, practiceId: String, limit: Int, in db: any StoreConnection) throws -> (planned: Int, looked: Int) {
        // Reminders off: nothing to plan, and nothing marked, so that turning them on plans these.
        guard reminders.enabled else { return (0, 0) }
        try Self.serialize(practiceId: practiceId, in: db)
        var planned = 0
        // After an import, thousands of appointments share a few hundred patients: each phone is read once.
        var phones: [String: String?] = [:]
        let batch = try ReminderStore.unconsidered(from: from, to: to, typeIds: remindedTypes, limit: limit, practiceId: practiceId, in: db)
        for (a, hasReminder) in batch where !hasReminder {
            guard let due = schedule.sendTime(typeId: a.appointmentTypeId, start: a.start, bookedAt: a.createdAt) else { continue }
            let phone: String?
            if let own = a.caller?.phone {
                phone = own
            } else if let known = phones[a.patientId] {
                phone = known
            } else {
                phone = try patients.phone(id: a.patientId, in: db)
                phones[a.patientId] = .some(phone)
            }
            guard let phone else { continue }
            try ReminderStore.insert(
                Reminder(id: RandomIdentifier.make("rem_", hexDigits: 20), kind: .reminder, appointmentId: a.id, phone: phone, dueAt: due),
                practiceId: practiceId, in: db)
            planned += 1
        }
        try ReminderStore.markConsidered(ids: batch.map(\.appointment.id), practiceId: practiceId, in: db)
        return (planned, batch.count)
    }
}

extension AppointmentFollowUp {
    /// Free slots of `practitionerId` in `[from, to)` (a removed absence) offered to the waiting
    /// list: for each appointment type someone waits for, the first free slots, at most `slotsPerType`.
    func offerFreedTime(practitionerId: String, from: Date, to: Date, search: SlotSearch, host: KernelHost, practiceId: String) async throws {
        guard waitlistSettings.enabled, let p = search.rules.practitioner(practitionerId) else { return }
        let now = host.clock.now()
        let waitingTypes = try await host.store.read { db in Set(try WaitlistStore.waitingTypes(practiceId: practiceId, in: db)) }
        var slots: [Slot] = []
        for type in p.types where waitingTypes.contains(type.id) {
            let caller = SlotSearch.Caller(now: now, role: .secretary, newPatient: false)
            slots += try search.slots(
                practitioner: p, type: type, siteId: nil, from: max(from, now), to: to, caller: caller,
                limit: Self.slotsPerType, practiceId: practiceId, store: host.store)
        }
        guard !slots.isEmpty else { return }
        let optOuts = Self.optOuts(host)
        let offers = self.offers
        let freed = slots
        try await host.store.write { db in
            for s in freed {
                let sent = try offers.offer(
                    FreedSlot(
                        practitionerId: s.practitionerId, siteId: s.siteId, appointmentTypeId: s.appointmentTypeId,
                        start: s.start, freedBy: nil), now: now, optOuts: optOuts, practiceId: practiceId, in: db)
                for o in sent { try PatientSMSEvent.offerSent(o).publish(on: host, in: db) }
            }
        }
    }

    /// Slots offered per appointment type when an absence is removed.
    static let slotsPerType = 3
}
