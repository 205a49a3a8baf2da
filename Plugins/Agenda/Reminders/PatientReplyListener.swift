import Foundation
import JSONRPC
import Kernel
import Practice

/// Takes patients' SMS replies to reminders, notices and offers (`KernelHost.inboundSMS`).
///
/// A reply is matched to the latest SMS sent to that number that still awaits an answer (a
/// reminder or notice of an appointment still to come, or an offer not expired), so a patient
/// with two appointments answers the last reminder they got. Then: OUI confirms (a notice: the
/// patient joins the waiting list; an offer: the slot is booked if still free), ANNULER cancels
/// and frees the slot, STOP opts the number out, NON declines an offer, anything else goes to the
/// callback queue (`CallbackDesk`) linked to the appointment. Each outcome answers the patient.
/// Replies from a practitioner's mobile are left to the other listeners (acknowledgements). A
/// number nothing awaits an answer from is left to the others too, except STOP from a number the
/// practice texted before.
struct PatientReplyListener: Sendable {
    let followUp: AppointmentFollowUp
    let desk: BookingDesk
    let directory: PracticeDirectory
    /// Woken after a reply that booked or offered: the worker's next deadline (a reminder, an offer's expiry) may be sooner.
    let worker: ReminderWorker

    static let actorName = "patient-sms"

    /// A reply about an appointment is due an hour before it (nil, the queue's own rule, when that is past).
    static func dueAt(before start: Date, now: Date) -> Date? {
        let due = start.addingTimeInterval(-3600)
        return due > now ? due : nil
    }

    func handle(_ message: InboundSMSRouter.Message, context: RequestContext) async throws -> InboundSMSRouter.Handling? {
        let from = message.from
        if directory.practitioners.contains(where: { $0.mobile.map { PhoneNumber.sameSubscriber($0, from) } ?? false }) { return nil }
        let reply = PatientReply(message.text)
        let host = context.host
        let now = context.now
        let callbacks = host.services.resolve((any CallbackDesk).self)
        let optOuts = AppointmentFollowUp.optOuts(host)
        let this = self
        let practiceId = context.practiceId
        let outcome = try await host.store.write { db -> (InboundSMSRouter.Handling, [PatientSMSEvent])? in
            let outcome = try this.answer(
                reply, text: message.text, from: from, now: now, host: host, callbacks: callbacks, optOuts: optOuts, practiceId: practiceId, in: db)
            for e in outcome?.1 ?? [] { try e.publish(on: host, in: db) }
            return outcome
        }
        guard let (handling, events) = outcome else { return nil }
        if !events.isEmpty { worker.wake() }
        return handling
    }

    private func answer(
        _ reply: PatientReply, text: String, from: String, now: Date, host: KernelHost, callbacks: (any CallbackDesk)?,
        optOuts: (any SMSOptOuts)?, practiceId: String, in db: any StoreConnection
    ) throws -> (InboundSMSRouter.Handling, [PatientSMSEvent])? {
        let reminders = try ReminderStore.awaiting(phone: from, now: now, practiceId: practiceId, in: db)
        let offers = try WaitlistStore.open(phone: from, now: now, practiceId: practiceId, in: db)
        let reminder = reminders.first
        let offer = offers.first
        let sms = followUp.sms
        // One number, SMS about several patients awaiting an answer (a parent for two children):
        // the texts name no patient, so the latest is not assumed; only STOP (about the number) is
        // acted on, anything else goes to a secretary with every candidate, and the sender is told
        // they will be called. One patient's several appointments: the latest SMS is the one answered.
        let reminded = try reminders.compactMap { r in try AgendaStore.appointment(id: r.appointmentId, practiceId: practiceId, in: db).map { (r, $0) } }
        if Set(reminded.map(\.1.patientId) + offers.map(\.patientId)).count > 1, reply != .stop {
            return try forwardAmbiguous(
                text: text, from: from, reminded: reminded, offers: offers, now: now, callbacks: callbacks, practiceId: practiceId, in: db)
        }
        if let offer, (reminder?.sentAt ?? .distantPast) <= offer.sentAt {
            return try answerOffer(
                offer, reply: reply, text: text, now: now, host: host, callbacks: callbacks, optOuts: optOuts, practiceId: practiceId, in: db)
        }
        if let reminder {
            return try answerReminder(
                reminder, reply: reply, text: text, now: now, host: host, callbacks: callbacks, optOuts: optOuts, practiceId: practiceId, in: db)
        }
        // Nothing awaits an answer: a late OUI to an offer that expired, or a STOP.
        if reply == .confirm, let late = try WaitlistStore.latestExpired(phone: from, now: now, window: 86_400, practiceId: practiceId, in: db) {
            try WaitlistStore.answer(offerId: late.id, .expired, at: now, practiceId: practiceId, in: db)
            try sms.send(
                "offerExpired", to: from, values: sms.values(start: late.start, siteId: late.siteId), event: "waitlist.reply",
                reference: late.id, now: now, practiceId: practiceId, in: db)
            return (.init(handledBy: "agenda", summary: "offre \(late.id) expirée", reference: late.id), [])
        }
        if reply == .stop, let optOuts,
            try ReminderStore.anySent(to: from, practiceId: practiceId, in: db) || WaitlistStore.anyOffer(to: from, practiceId: practiceId, in: db)
        {
            try optOuts.optOut(from, source: "agenda", at: now, in: db)
            try sms.send(
                "stopped", to: from, values: sms.values(start: now, siteId: nil), event: "agenda.reply", reference: from, now: now, practiceId: practiceId,
                in: db)
            return (.init(handledBy: "agenda", summary: "numéro désinscrit des SMS", reference: nil), [])
        }
        return nil
    }

    /// A reply that could answer several SMS: a callback-queue item listing them, the patient told.
    private func forwardAmbiguous(
        text: String, from: String, reminded: [(Reminder, Appointment)], offers: [SlotOffer], now: Date, callbacks: (any CallbackDesk)?,
        practiceId: String, in db: any StoreConnection
    ) throws -> (InboundSMSRouter.Handling, [PatientSMSEvent])? {
        guard let callbacks else { return nil }
        let sms = followUp.sms
        var lines: [String] = []
        var starts: [Date] = []
        var patients: [String] = []
        var firstAppointment: Appointment?
        for (r, a) in reminded {
            let v = sms.values(start: a.start, siteId: a.siteId)
            lines.append("\(r.kind == .notice ? "report" : "rappel") du RDV \(a.id) du \(v["date"]!) à \(v["time"]!) (patient \(a.patientId))")
            starts.append(a.start)
            patients.append(a.patientId)
            if firstAppointment == nil { firstAppointment = a }
        }
        for o in offers {
            let v = sms.values(start: o.start, siteId: o.siteId)
            lines.append("offre \(o.id) du \(v["date"]!) à \(v["time"]!) (patient \(o.patientId))")
            starts.append(o.start)
            patients.append(o.patientId)
        }
        let earliest = starts.min() ?? now
        let queued = try callbacks.enqueue(
            CallbackRequest(
                kind: .patientReply, urgent: false, patientId: Set(patients).count == 1 ? patients.first : nil, callerPhone: from,
                practitionerId: firstAppointment?.practitionerId,
                text: "Réponse SMS « \(text) » d'un numéro qui attend plusieurs réponses, à préciser par téléphone : "
                    + lines.joined(separator: " ; "),
                source: "agenda", reference: firstAppointment?.id ?? offers.first?.id ?? from, dueAt: Self.dueAt(before: earliest, now: now)),
            actor: Self.actorName, now: now, in: db)
        let values = sms.values(start: earliest, siteId: firstAppointment?.siteId)
        try sms.send("forwarded", to: from, values: values, event: "agenda.reply", reference: queued.messageId, now: now, practiceId: practiceId, in: db)
        return (.init(handledBy: "agenda", summary: "réponse ambiguë transmise au secrétariat (message \(queued.code))", reference: queued.messageId), [])
    }

    private func answerReminder(
        _ r: Reminder, reply: PatientReply, text: String, now: Date, host: KernelHost, callbacks: (any CallbackDesk)?,
        optOuts: (any SMSOptOuts)?, practiceId: String, in db: any StoreConnection
    ) throws -> (InboundSMSRouter.Handling, [PatientSMSEvent])? {
        guard let a = try AgendaStore.appointment(id: r.appointmentId, practiceId: practiceId, in: db) else { return nil }
        let sms = followUp.sms
        let values = sms.values(start: a.start, siteId: a.siteId)
        var events: [PatientSMSEvent] = []
        let status: Reminder.Status
        let summary: String
        switch (reply, r.kind) {
        case (.confirm, .reminder):
            status = .confirmed
            summary = "RDV \(a.id) confirmé par SMS"
            try sms.send("confirmed", to: r.phone, values: values, event: "agenda.reply", reference: r.id, now: now, practiceId: practiceId, in: db)
        case (.confirm, .notice):
            status = .confirmed
            summary = "patient \(a.patientId) mis sur la liste d'attente"
            let entry = WaitlistEntry(
                id: RandomIdentifier.make("wl_", hexDigits: 20), patientId: a.patientId, phone: r.phone, appointmentTypeId: a.appointmentTypeId,
                practitionerIds: [a.practitionerId], specialty: nil, siteId: nil, earliest: now, latest: nil,
                preferredTimes: [], note: "Suite à l'annulation du RDV \(a.id)", createdAt: now, createdBy: Self.actorName)
            try WaitlistStore.insert(entry, practiceId: practiceId, in: db)
            try sms.send("noticeAccepted", to: r.phone, values: values, event: "agenda.reply", reference: r.id, now: now, practiceId: practiceId, in: db)
        case (.cancel, .reminder) where a.status == .booked:
            status = .cancelled
            summary = "RDV \(a.id) annulé par SMS"
            let cancelled = try desk.cancel(
                appointmentId: a.id, reason: "annulé par le patient (SMS)",
                by: BookingDesk.Actor(now: now, role: .secretary, name: Self.actorName), practiceId: practiceId, in: db)
            try AgendaWebhooks.enqueue(AgendaWebhooks.cancelled, cancelled, at: now, host: host, practiceId: practiceId, in: db)
            try sms.send("cancelled", to: r.phone, values: values, event: "agenda.reply", reference: r.id, now: now, practiceId: practiceId, in: db)
            events.append(.cancelled(cancelled))
            events += try followUp.cancelled(cancelled, byPractice: false, now: now, host: host, practiceId: practiceId, in: db)
        case (.stop, _):
            guard let optOuts else { return nil }
            status = .optedOut
            summary = "numéro désinscrit des SMS"
            try optOuts.optOut(r.phone, source: "agenda", at: now, in: db)
            try sms.send("stopped", to: r.phone, values: values, event: "agenda.reply", reference: r.id, now: now, practiceId: practiceId, in: db)
        default:
            guard let callbacks else { return nil }
            status = .forwarded
            let queued = try callbacks.enqueue(
                CallbackRequest(
                    kind: .patientReply, urgent: false, patientId: a.patientId, callerPhone: r.phone, practitionerId: a.practitionerId,
                    text: "Réponse SMS au \(r.kind == .notice ? "report" : "rappel") du RDV du \(values["date"]!) à \(values["time"]!) : « \(text) »",
                    source: "agenda", reference: a.id, dueAt: Self.dueAt(before: a.start, now: now)), actor: Self.actorName, now: now, in: db)
            summary = "réponse transmise au secrétariat (message \(queued.code))"
            try sms.send("forwarded", to: r.phone, values: values, event: "agenda.reply", reference: r.id, now: now, practiceId: practiceId, in: db)
        }
        try ReminderStore.markAnswered(r.id, status: status, at: now, practiceId: practiceId, in: db)
        if let answered = try ReminderStore.reminder(id: r.id, practiceId: practiceId, in: db) { events.insert(.reminderAnswered(answered), at: 0) }
        return (.init(handledBy: "agenda", summary: summary, reference: a.id), events)
    }

    private func answerOffer(
        _ o: SlotOffer, reply: PatientReply, text: String, now: Date, host: KernelHost, callbacks: (any CallbackDesk)?,
        optOuts: (any SMSOptOuts)?, practiceId: String, in db: any StoreConnection
    ) throws -> (InboundSMSRouter.Handling, [PatientSMSEvent])? {
        let sms = followUp.sms
        let values = sms.values(start: o.start, siteId: o.siteId)
        switch reply {
        case .confirm:
            let (answered, booked) = try followUp.offers.accept(o, now: now, practiceId: practiceId, in: db)
            var events: [PatientSMSEvent] = [.offerAnswered(answered)]
            guard let booked else {
                return (.init(handledBy: "agenda", summary: "créneau déjà pris (offre \(o.id))", reference: o.id), events)
            }
            try followUp.booked(booked, at: now, practiceId: practiceId, in: db)
            try AgendaWebhooks.enqueue(
                AgendaWebhooks.booked, booked, at: now, host: host, practiceId: practiceId, in: db)
            events.append(.booked(booked))
            return (.init(handledBy: "agenda", summary: "RDV \(booked.id) pris sur la liste d'attente", reference: booked.id), events)
        case .decline, .cancel:
            try WaitlistStore.answer(offerId: o.id, .declined, at: now, practiceId: practiceId, in: db)
            try sms.send("offerDeclined", to: o.phone, values: values, event: "waitlist.reply", reference: o.id, now: now, practiceId: practiceId, in: db)
            var events: [PatientSMSEvent] = try WaitlistStore.offer(id: o.id, practiceId: practiceId, in: db).map { [.offerAnswered($0)] } ?? []
            events += try followUp.offers.offer(o.slot, now: now, optOuts: optOuts, practiceId: practiceId, in: db).map(PatientSMSEvent.offerSent)
            return (.init(handledBy: "agenda", summary: "offre \(o.id) refusée", reference: o.id), events)
        case .stop:
            guard let optOuts else { return nil }
            try optOuts.optOut(o.phone, source: "agenda", at: now, in: db)
            try WaitlistStore.answer(offerId: o.id, .optedOut, at: now, practiceId: practiceId, in: db)
            try sms.send("stopped", to: o.phone, values: values, event: "waitlist.reply", reference: o.id, now: now, practiceId: practiceId, in: db)
            var events: [PatientSMSEvent] = try WaitlistStore.offer(id: o.id, practiceId: practiceId, in: db).map { [.offerAnswered($0)] } ?? []
            events += try followUp.offers.offer(o.slot, now: now, optOuts: optOuts, practiceId: practiceId, in: db).map(PatientSMSEvent.offerSent)
            return (.init(handledBy: "agenda", summary: "numéro désinscrit des SMS", reference: o.id), events)
        case .other:
            guard let callbacks else { return nil }
            let queued = try callbacks.enqueue(
                CallbackRequest(
                    kind: .patientReply, urgent: false, patientId: o.patientId, callerPhone: o.phone, practitionerId: o.practitionerId,
                    text: "Réponse SMS à la proposition du créneau du \(values["date"]!) à \(values["time"]!) : « \(text) »",
                    source: "agenda", reference: o.id, dueAt: min(o.expiresAt, Self.dueAt(before: o.start, now: now) ?? o.expiresAt)),
                actor: Self.actorName, now: now, in: db)
            try WaitlistStore.answer(offerId: o.id, .forwarded, at: now, practiceId: practiceId, in: db)
            try sms.send("forwarded", to: o.phone, values: values, event: "waitlist.reply", reference: o.id, now: now, practiceId: practiceId, in: db)
            let events: [PatientSMSEvent] = try WaitlistStore.offer(id: o.id, practiceId: practiceId, in: db).map { [.offerAnswered($0)] } ?? []
            return (.init(handledBy: "agenda", summary: "réponse transmise au secrétariat (message \(queued.code))", reference: o.id), events)
        }
    }
}
