import Foundation
import JSONRPC
import Kernel
import Practice

/// Offers freed slots to waiting patients and books the one who answers OUI first.
///
/// Who is offered a slot: the entries waiting for its appointment type whose practitioners (or
/// specialty), site, window (`earliest`…`latest`) and preferred times fit it, who have no other
/// offer open, whose number did not opt out and for whom the booking rules would accept the
/// slot (checked by booking it in a savepoint that is rolled back); longest waiting first, at most
/// `parallelOffers` at a time. Acceptance books inside the reply's write transaction: SQLite
/// serialises writers, so of two simultaneous OUI exactly one books and the other is told the
/// slot is gone (and stays on the list). Every function acts for the practice `practiceId` names.
struct WaitlistOffers: Sendable {
    let settings: WaitlistSettings
    let rules: AgendaRules
    let desk: BookingDesk
    let sms: PatientSMS
    /// When patients may be texted (the reminders' allowed hours, Sundays, holidays).
    let schedule: ReminderSchedule

    static let actorName = "waitlist"

    /// Offers `slot` to the next fitting waiting patients; returns the offers sent.
    func offer(_ slot: FreedSlot, now: Date, optOuts: (any SMSOptOuts)?, practiceId: String, in db: any StoreConnection) throws -> [SlotOffer] {
        // Never at night, on a Sunday or a holiday: a slot freed then is not offered.
        guard settings.enabled, schedule.isAllowed(at: now), slot.start > now.addingTimeInterval(settings.minimumNoticeHours * 3600),
            let practitioner = rules.practitioner(slot.practitionerId)
        else { return [] }
        // The slot's agenda (as a booking takes it): a cancellation freeing it holds it already, and
        // a follow-up pass takes it after its own key, never before, so that no two wait for each other.
        try AgendaStore.serialize(practitionerIds: [slot.practitionerId], practiceId: practiceId, in: db)
        let previous = try WaitlistStore.offers(practitionerId: slot.practitionerId, start: slot.start, practiceId: practiceId, in: db)
        if previous.contains(where: { $0.status == .accepted }) { return [] }
        let open = previous.filter { $0.status == .sent && $0.expiresAt > now }.count
        var wanted = settings.parallelOffers - open
        guard wanted > 0 else { return [] }
        let alreadyAsked = Set(previous.map(\.entryId))
        var sent: [SlotOffer] = []
        for entry in try WaitlistStore.waiting(typeId: slot.appointmentTypeId, practiceId: practiceId, in: db) where wanted > 0 {
            guard !alreadyAsked.contains(entry.id),
                entry.fits(practitioner: practitioner, siteId: slot.siteId, start: slot.start, timeZone: sms.directory.timeZone),
                try !WaitlistStore.hasOpenOffer(entryId: entry.id, now: now, practiceId: practiceId, in: db),
                try optOuts?.isOptedOut(entry.phone, in: db) != true,
                try bookable(slot, for: entry, now: now, practiceId: practiceId, in: db)
            else { continue }
            let offer = SlotOffer(
                id: RandomIdentifier.make("off_", hexDigits: 20), entry: entry, slot: slot, sentAt: now,
                expiresAt: now.addingTimeInterval(Double(settings.offerMinutes) * 60))
            try WaitlistStore.insert(offer, practiceId: practiceId, in: db)
            try sms.send(
                "offer", to: entry.phone, values: sms.values(start: slot.start, siteId: slot.siteId, minutes: settings.offerMinutes),
                event: "waitlist.offer", reference: offer.id, now: now, practiceId: practiceId, in: db)
            sent.append(offer)
            wanted -= 1
        }
        return sent
    }

    /// Whether the booking rules would give `slot` to the entry's patient now.
    private func bookable(_ slot: FreedSlot, for entry: WaitlistEntry, now: Date, practiceId: String, in db: any StoreConnection) throws -> Bool {
        // A trial booking in a savepoint that is always undone (`Trial` thrown when it succeeded).
        struct Trial: Error {}
        do {
            try db.savepoint {
                _ = try desk.book(request(slot, entry: entry, key: nil), by: actor(now), practiceId: practiceId, in: db)
                throw Trial()
            }
        } catch is Trial {
            return true
        } catch is RPCError {
            return false
        }
        return false
    }

    func request(_ slot: FreedSlot, entry: WaitlistEntry, key: String?) -> BookingDesk.Request {
        BookingDesk.Request(
            practitionerId: slot.practitionerId, siteId: slot.siteId, start: slot.start,
            appointmentTypeId: slot.appointmentTypeId, patientId: entry.patientId,
            caller: ContactEntry.Caller(name: nil, phone: entry.phone, relationship: nil),
            idempotencyKey: key, notes: entry.note, newPatient: nil)
    }

    func actor(_ now: Date) -> BookingDesk.Actor { BookingDesk.Actor(now: now, role: .secretary, name: Self.actorName) }

    /// OUI to an open offer: books the slot if it is still free, else tells the patient it is gone.
    func accept(_ offer: SlotOffer, now: Date, practiceId: String, in db: any StoreConnection) throws -> (offer: SlotOffer, booked: Appointment?) {
        guard let entry = try WaitlistStore.entry(id: offer.entryId, practiceId: practiceId, in: db), entry.status == .waiting else {
            try WaitlistStore.answer(offerId: offer.id, .gone, at: now, practiceId: practiceId, in: db)
            try sms.send(
                "offerGone", to: offer.phone, values: sms.values(start: offer.start, siteId: offer.siteId), event: "waitlist.reply",
                reference: offer.id, now: now, practiceId: practiceId, in: db)
            return (try WaitlistStore.offer(id: offer.id, practiceId: practiceId, in: db)!, nil)
        }
        var booked: Appointment?
        do {
            booked = try db.savepoint {
                try desk.book(request(offer.slot, entry: entry, key: "offer:" + offer.id), by: actor(now), practiceId: practiceId, in: db).0
            }
        } catch is RPCError {
            booked = nil
        }
        if let booked {
            try WaitlistStore.answer(offerId: offer.id, .accepted, at: now, appointmentId: booked.id, practiceId: practiceId, in: db)
            try WaitlistStore.setStatus(entryId: entry.id, .booked, appointmentId: booked.id, practiceId: practiceId, in: db)
            try sms.send(
                "offerBooked", to: offer.phone, values: sms.values(start: booked.start, siteId: booked.siteId), event: "waitlist.reply",
                reference: offer.id, now: now, practiceId: practiceId, in: db)
        } else {
            try WaitlistStore.answer(offerId: offer.id, .gone, at: now, practiceId: practiceId, in: db)
            try sms.send(
                "offerGone", to: offer.phone, values: sms.values(start: offer.start, siteId: offer.siteId), event: "waitlist.reply",
                reference: offer.id, now: now, practiceId: practiceId, in: db)
        }
        return (try WaitlistStore.offer(id: offer.id, practiceId: practiceId, in: db)!, booked)
    }

    /// Offers whose time ran out: marked expired, and their slots offered to the next patients.
    func expire(now: Date, optOuts: (any SMSOptOuts)?, practiceId: String, in db: any StoreConnection) throws -> [PatientSMSEvent] {
        try AppointmentFollowUp.serialize(practiceId: practiceId, in: db)
        var events: [PatientSMSEvent] = []
        for offer in try WaitlistStore.expired(at: now, practiceId: practiceId, in: db) {
            // An offer running out while patients may not be texted holds until they may: the
            // next patient is asked then, not in the night.
            if !schedule.isAllowed(at: now), let next = schedule.nextAllowed(from: now) {
                try WaitlistStore.extend(offerId: offer.id, to: next, practiceId: practiceId, in: db)
                continue
            }
            try WaitlistStore.markExpired(offerId: offer.id, practiceId: practiceId, in: db)
            if let expired = try WaitlistStore.offer(id: offer.id, practiceId: practiceId, in: db) { events.append(.offerAnswered(expired)) }
            events += try self.offer(offer.slot, now: now, optOuts: optOuts, practiceId: practiceId, in: db).map(PatientSMSEvent.offerSent)
        }
        return events
    }
}
