import Foundation
import Kernel
import Practice

extension MessagingService {
    /// `messaging.prescriptionRenewal` for a patient (or number) whose renewal is already open in
    /// the queue: the request joins that message through the callback desk (one renewal path, the
    /// same as the triage's), its medications are added to the message's, and the caller is told
    /// the deadline already promised. Nil when no renewal is open: the caller records a new one.
    func joinOpenRenewal(_ draft: MessageDraft, alertsPractitioner: Bool, context: RequestContext) async throws -> TakeResult? {
        var caller = draft.caller
        if let phone = caller?.phone { caller?.phone = try Self.phone(phone, field: "caller.phone") }
        let callback = try draft.callbackNumber.map { try Self.phone($0, field: "callbackNumber") }
        if let id = draft.practitionerId { _ = try directory.practitioner(id) }
        let phones = Array(Set([callback, caller?.phone].compactMap { $0 }))
        let desk = MessagingCallbackDesk(service: self, host: context.host)
        let request = CallbackRequest(
            kind: .prescriptionRenewal, urgent: draft.urgency == .urgent, patientId: draft.patientId,
            callerPhone: caller?.phone, callbackNumber: callback, practitionerId: draft.practitionerId,
            text: draft.text, source: "messaging", reference: draft.patientId ?? callback ?? "renewal",
            alertsPractitioner: alertsPractitioner)
        let now = context.now
        let actor = context.actor
        let added = draft.renewal
        let practiceId = context.practiceId
        let joined = try await context.write { db -> (QueuedCallback, Message)? in
            try MessagingCallbackDesk.serialize(patientId: draft.patientId, phones: phones, practiceId: practiceId, in: db)
            guard try MessagingCallbackDesk.openRenewal(patientId: draft.patientId, phones: phones, practiceId: practiceId, in: db, now: now) != nil else {
                return nil
            }
            let queued = try desk.enqueue(request, actor: actor, now: now, in: db)
            var message = try Message.fetchDetailed(queued.messageId, practiceId: practiceId, in: db, now: now)
            if let added {
                message.renewal = Self.merged(message.renewal, added)
                let json = String(decoding: try JSONEncoder().encode(message.renewal), as: UTF8.self)
                try MessagingStore.updateRenewal(json, of: message.id, practiceId: practiceId, in: db)
            }
            return (queued, message)
        }
        guard let (queued, message) = joined else { return nil }
        let practitioner = message.practitionerId.flatMap { try? directory.practitioner($0) }
        let deadlineText = wording.before(message.dueAt, from: now)
        let notice = configuration.notices[draft.notice ?? message.urgency.rawValue]!.render([
            "deadline": deadlineText, "practitioner": practitioner?.name ?? "le médecin",
            "practice": directory.profile.name, "number": draft.transferNumber.map(PhoneNumber.spoken) ?? ""
        ])
        var result = TakeResult(
            message: message, deadlineText: deadlineText, callerNotice: notice,
            delivery: .init(
                webhook: false, sms: queued.smsTo.map { TakeResult.SMS(to: $0, text: smsText(for: message)) },
                smsSkipped: nil),
            urgentPath: nil, transferNumber: draft.transferNumber)
        result.joined = true
        return result
    }

    /// The renewal of a joined request: every medication once (names compared ignoring case and
    /// accents, essential if either says so), the lower stock, the latest pharmacy.
    static func merged(_ first: Message.Renewal?, _ added: Message.Renewal) -> Message.Renewal {
        guard var out = first else { return added }
        for m in added.medications {
            if let i = out.medications.firstIndex(where: { TextFolding.fold($0.name) == TextFolding.fold(m.name) }) {
                if m.essential == true { out.medications[i].essential = true }
            } else {
                out.medications.append(m)
            }
        }
        let rank: [Message.Renewal.Stock: Int] = [.out: 0, .runningLow: 1, .enough: 2]
        if rank[added.stock]! < rank[out.stock]! { out.stock = added.stock }
        out.pharmacy = added.pharmacy ?? out.pharmacy
        return out
    }
}
