import Foundation
import JSONRPC
import Kernel
import Practice

/// The messaging desk shared by the plugin's methods: records messages with their deadline,
/// delivery and history in one transaction, detects repeat callers, and runs the callback queue.
final class MessagingService: Sendable {
    let directory: PracticeDirectory
    let configuration: MessagingConfiguration
    let wording: FrenchWording
    let monitor = OverdueMonitor()

    init(directory: PracticeDirectory, configuration: MessagingConfiguration) {
        self.directory = directory
        self.configuration = configuration
        self.wording = FrenchWording(timeZone: directory.timeZone)
    }

    /// The practice's name in SMS: `practice.shortName`, else its name.
    var smsPractice: String { directory.profile.shortName ?? directory.profile.name }

    // MARK: Recording a message

    /// `record` found, inside its write, an open renewal for the same patient or number that another
    /// request committed after this one looked: the request must join it instead.
    struct RenewalOpenedMeanwhile: Error {}

    func record(_ draft: MessageDraft, context: RequestContext) async throws -> TakeResult {
        let practitioner = try draft.practitionerId.map { try directory.practitioner($0) }
        let siteId =
            try draft.siteId.map { try directory.site($0).id }
            ?? practitioner?.sites?.first(where: { directory.calendars[$0] != nil })
            ?? directory.mainSite.id
        let calendar = directory.calendars[siteId]!
        if let patientId = draft.patientId, patientId.trimmingCharacters(in: .whitespaces).isEmpty {
            throw RPCError.invalidParams(field: "patientId", "must not be empty")
        }
        var caller = draft.caller
        if let phone = caller?.phone { caller?.phone = try Self.phone(phone, field: "caller.phone") }
        if draft.patientId == nil && (caller?.name == nil && caller?.phone == nil) {
            throw RPCError.invalidParams(field: "caller", "give patientId, or the caller's name or phone")
        }
        let callback = try draft.callbackNumber.map { try Self.phone($0, field: "callbackNumber") }
        let text = draft.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw RPCError.invalidParams(field: "text", "must not be empty") }
        guard text.count <= 4000 else { throw RPCError.invalidParams(field: "text", "is longer than 4000 characters") }

        let now = context.now
        let ownDeadline = try deadline(urgency: draft.urgency, from: now, calendar: calendar)
        let policy = context.host.services.resolve((any RepeatCallerPolicy).self)
        let windowStart = now.addingTimeInterval(-Double(policy?.windowHours ?? 24) * 3600)
        let smsRecipient = draft.urgency == .urgent && draft.sendsSMS ? (practitioner?.mobile ?? configuration.urgentSmsNumber) : nil
        let phones = [callback, caller?.phone].compactMap { $0 }
        let callerValue = caller
        let id = RandomIdentifier.make("mes_", hexDigits: 16)
        let practiceId = context.practiceId

        let (message, linked, missed, smsText) = try await context.write { db -> (Message, [Message], [ContactEntry], String?) in
            try MessagingCallbackDesk.serialize(patientId: draft.patientId, phones: phones, practiceId: practiceId, in: db)
            if let patientId = draft.patientId, !PatientRegistry.exists(patientId, practiceId: context.practiceId, in: db) {
                throw RPCError.notFound("patient \(patientId)", field: "patientId")
            }
            let linked = try MessagingStore.openMessages(patientId: draft.patientId, phones: phones, practiceId: practiceId, now: now, in: db)
            // Checked again inside the write: a renewal that opened since the caller looked is joined, not doubled.
            if draft.kind == CallbackRequest.Kind.prescriptionRenewal.rawValue,
                linked.contains(where: { $0.kind == CallbackRequest.Kind.prescriptionRenewal.rawValue })
            {
                throw RenewalOpenedMeanwhile()
            }
            let missed = try ContactJournal.missedCalls(
                patientId: draft.patientId, phones: phones, from: windowStart,
                to: now.addingTimeInterval(1), practiceId: context.practiceId, in: db)
            // A repeat call keeps the first promise: the thread's earliest deadline, never a later one.
            let dueAt = linked.map(\.dueAt).reduce(ownDeadline, min)
            let code = try Self.uniqueCode(practiceId: practiceId, in: db)
            var message = Message(
                id: String(id), code: code, kind: draft.kind, takenAt: now, takenBy: context.actor, siteId: siteId,
                patientId: draft.patientId, caller: callerValue, category: draft.category, text: text,
                callbackNumber: callback, urgency: draft.urgency, practitionerId: practitioner?.id, dueAt: dueAt,
                threadId: linked.first?.threadId ?? String(id), callCount: linked.count + missed.count + 1,
                renewal: draft.renewal)
            message.smsTo = smsRecipient
            message.overdue = now >= dueAt
            try MessagingStore.insert(message, practiceId: practiceId, in: db)
            try Outbox.enqueue(
                Outbox.Item(
                    channel: "webhook", destination: "*", event: "messaging.received",
                    payload: try Self.webhookBody("messaging.received", message, at: now, encoder: context.encoder),
                    urgency: draft.urgency == .urgent ? .urgent : .normal, reference: message.id),
                practiceId: context.practiceId, in: db, now: now)
            var smsText: String?
            if let smsRecipient {
                let sms = self.smsText(for: message)
                try Outbox.enqueue(
                    Outbox.Item(
                        channel: "sms", destination: smsRecipient, event: "messaging.urgent",
                        payload: sms, urgency: .urgent, reference: message.id), practiceId: context.practiceId, in: db, now: now)
                smsText = sms
            }
            // The number to call back is where the caller is: later calls from it join the patient's history.
            try ContactJournal.append(
                ContactEntry(
                    channel: .phone, direction: .inbound, patientId: draft.patientId,
                    caller: callerValue.map { ContactEntry.Caller(name: $0.name, phone: $0.phone ?? callback, relationship: $0.relationship) }
                        ?? callback.map { ContactEntry.Caller(phone: $0) },
                    motive: Self.motive(draft.category), subject: draft.kind == "prescriptionRenewal" ? "Renouvellement d'ordonnance" : nil,
                    offeredAt: now, agent: context.actor, outcome: "message", notes: text, source: "messaging",
                    reference: message.id, kind: draft.kind == "prescriptionRenewal" ? "prescriptionRenewal" : "message"), practiceId: context.practiceId,
                in: db)
            try context.publish("messaging.received", message, in: db)
            return (message, linked, missed, smsText)
        }
        monitor.wake()

        var result = TakeResult(
            message: message, deadlineText: wording.promise(message.dueAt, from: now), callerNotice: "",
            delivery: .init(
                webhook: true,
                sms: smsText.map { TakeResult.SMS(to: smsRecipient!, text: $0) },
                smsSkipped: draft.urgency == .urgent && smsRecipient == nil && draft.sendsSMS
                    ? "no practitioner mobile and no messaging.urgentSmsNumber configured" : nil),
            urgentPath: nil, transferNumber: draft.transferNumber)
        if !linked.isEmpty || !missed.isEmpty {
            result.repeat = try await applyRepeatPolicy(
                to: &result, linked: linked, missed: missed, draft: draft, policy: policy,
                context: context)
        }
        let urgent = result.message.urgency == .urgent
        let noticeKind = draft.notice ?? (linked.isEmpty ? result.message.urgency.rawValue : urgent ? "repeatUrgent" : "repeat")
        result.deadlineText = wording.promise(result.message.dueAt, from: now)
        result.callerNotice = configuration.notices[noticeKind]!.render([
            "deadline": result.deadlineText, "practitioner": practitioner?.name ?? "le médecin",
            "practice": directory.profile.name, "number": draft.transferNumber.map(PhoneNumber.spoken) ?? ""
        ])
        return result
    }

    /// Links this call to the open ones and to the missed calls before it, asks the repeat-caller
    /// policy (registered by Escalation through the kernel), records what it did, and raises the
    /// message to urgent if it says so. Raising may only bring the deadline earlier.
    private func applyRepeatPolicy(
        to result: inout TakeResult, linked: [Message], missed: [ContactEntry], draft: MessageDraft,
        policy: (any RepeatCallerPolicy)?, context: RequestContext
    ) async throws -> TakeResult.Repeat {
        var message = result.message
        let firstAt = min(linked.first?.takenAt ?? message.takenAt, missed.first?.offeredAt ?? message.takenAt)
        var info = TakeResult.Repeat(
            count: message.callCount, firstAt: firstAt,
            phrase: wording.repeatPhrase(count: message.callCount, since: firstAt, now: message.takenAt),
            linkedMessageIds: linked.map(\.id),
            missedCalls: missed.map {
                .init(
                    contactId: $0.id, offeredAt: $0.offeredAt, abandonedAt: $0.abandonedAt,
                    source: $0.source)
            },
            alreadyRegistered: !linked.isEmpty, policy: "no policy", incidentId: nil, urgencyRaised: false)
        if let policy {
            let call = RepeatCall(
                patientId: message.patientId, phone: message.callbackNumber ?? message.caller?.phone,
                count: message.callCount, firstAt: firstAt, openKind: "message", openId: linked.first?.id ?? message.id)
            do {
                let outcome = try await policy.callerRepeated(call, context: context)
                info.policy = outcome.action
                info.incidentId = outcome.incidentId
            } catch {
                info.policy = "policy failed: \(error)"
            }
        }
        let raise = info.policy == "raise-urgency" && message.urgency == .normal
        let now = context.now
        let practitioner = try message.practitionerId.map { try directory.practitioner($0) }
        let recipient = raise && draft.sendsSMS ? (practitioner?.mobile ?? configuration.urgentSmsNumber) : nil
        if raise {
            message.urgency = .urgent
            message.dueAt = min(message.dueAt, CallbackDeadline.urgent(takenAt: message.takenAt, hours: configuration.urgentCallbackHours))
            message.smsTo = recipient
            message.overdue = now >= message.dueAt
            info.urgencyRaised = true
        }
        message.repeatPolicy = info.policy
        message.repeatIncidentId = info.incidentId
        let updated = message
        let raisedSMS = recipient.map { _ in self.smsText(for: updated) }
        try await context.write { db in
            try MessagingStore.updateRepeat(updated, practiceId: context.practiceId, in: db)
            if let recipient, let raisedSMS {
                try Outbox.enqueue(
                    Outbox.Item(
                        channel: "sms", destination: recipient, event: "messaging.urgent", payload: raisedSMS,
                        urgency: .urgent, reference: updated.id), practiceId: context.practiceId, in: db, now: now)
            }
            if raise { try context.publish("messaging.urgencyRaised", updated, in: db) }
        }
        if raise {
            monitor.wake()
            if let recipient, let raisedSMS {
                result.delivery.sms = .init(to: recipient, text: raisedSMS)
            } else if draft.sendsSMS {
                result.delivery.smsSkipped = "no practitioner mobile and no messaging.urgentSmsNumber configured"
            }
        }
        result.message = updated
        return info
    }

    // MARK: Queue changes

    func assign(_ id: String, to assignee: String, context: RequestContext) async throws -> Message {
        let now = context.now
        let message = try await context.write { db -> Message in
            var m = try MessagingStore.message(id, practiceId: context.practiceId, now: now, in: db)
            guard m.status != .completed else { throw RPCError.conflict("message \(id) is completed; reopen it first") }
            m.status = .assigned
            m.assignee = assignee
            m.assignedAt = now
            try MessagingStore.assign(id, to: assignee, at: now, practiceId: context.practiceId, in: db)
            try context.publish("messaging.assigned", m, in: db)
            return m
        }
        return message
    }

    func complete(_ id: String, outcome: Message.Outcome, note: String?, context: RequestContext) async throws -> Message {
        let now = context.now
        let message = try await context.write { db -> Message in
            var m = try MessagingStore.message(id, practiceId: context.practiceId, now: now, in: db)
            guard m.status != .completed else { throw RPCError.conflict("message \(id) is already completed") }
            m.status = .completed
            m.completedAt = now
            m.completedBy = context.actor
            m.outcome = outcome
            m.note = note
            m.overdue = false
            try MessagingStore.complete(id, at: now, by: context.actor, outcome: outcome, note: note, practiceId: context.practiceId, in: db)
            if outcome != .noLongerNeeded {
                try ContactJournal.append(
                    ContactEntry(
                        channel: .phone, direction: .outbound, patientId: m.patientId,
                        caller: m.caller.map { ContactEntry.Caller(name: $0.name, phone: m.callbackNumber ?? $0.phone, relationship: $0.relationship) }
                            ?? m.callbackNumber.map { ContactEntry.Caller(phone: $0) },
                        motive: Self.motive(m.category), offeredAt: now, agent: context.actor, outcome: outcome.rawValue, notes: note,
                        source: "messaging", reference: m.id, kind: "callback"), practiceId: context.practiceId, in: db)
            }
            try context.publish("messaging.completed", m, in: db)
            return m
        }
        return message
    }

    func reopen(_ id: String, reason: String?, context: RequestContext) async throws -> Message {
        let now = context.now
        let message = try await context.write { db -> Message in
            var m = try MessagingStore.message(id, practiceId: context.practiceId, now: now, in: db)
            guard m.status == .completed else { throw RPCError.conflict("message \(id) is not completed (status \(m.status.rawValue))") }
            m.dueAt = try self.deadline(
                urgency: m.urgency, from: now, calendar: self.directory.calendars[m.siteId] ?? self.directory.calendars[self.directory.mainSite.id]!)
            m.status = m.assignee == nil ? .open : .assigned
            m.completedAt = nil
            m.completedBy = nil
            m.outcome = nil
            m.note = reason ?? m.note
            m.overdueNotifiedAt = nil
            m.overdue = now >= m.dueAt
            try MessagingStore.reopen(m, practiceId: context.practiceId, in: db)
            try context.publish("messaging.reopened", m, in: db)
            return m
        }
        monitor.wake()
        return message
    }

    // MARK: Helpers

    func deadline(urgency: Message.Urgency, from now: Date, calendar: BusinessCalendar) throws -> Date {
        switch urgency {
        case .urgent:
            return CallbackDeadline.urgent(takenAt: now, hours: configuration.urgentCallbackHours)
        case .normal:
            guard let due = CallbackDeadline.normal(takenAt: now, calendar: calendar, delayMinutes: configuration.normalCallbackDelayMinutes) else {
                throw RPCError.unprocessable(field: "siteId", "the site's phone line does not open within \(BusinessCalendar.searchLimitDays) days")
            }
            return due
        }
    }

    /// The urgent SMS: the configured `urgentMessage` text, GSM-7, no medical detail (only the
    /// time, the number to call back and the reference), as the gateway will receive it. One
    /// segment: when too long, the practice's name is shortened, never the number nor the
    /// reference (``SMSAlert``).
    func smsText(for message: Message) -> String {
        let number = message.callbackNumber ?? message.caller?.phone
        let callback = number.flatMap { try? PhoneNumber($0) }.map { $0.frenchNationalFormat ?? $0.e164 } ?? "cabinet"
        let template = configuration.sms["urgentMessage"]!
        return SMSAlert.text(
            [
                "practice": smsPractice, "code": message.code, "callback": callback, "time": wording.clock(message.takenAt),
                "step": "1/1"
            ], shortenable: ["practice"], render: template.render
        ).text
    }

    /// A Standard Webhooks style body: `{type, timestamp, data}`.
    static func webhookBody(_ type: String, _ message: Message, at now: Date, encoder: WireEncoder) throws -> String {
        try Outbox.Item.webhook(type, data: encoder.value(message), at: now, timeZone: encoder.timeZone).payload
    }

    static let codeAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    /// `M` and five characters without look-alikes (no O/0, I/1), unique among the practice's messages.
    static func uniqueCode(practiceId: String, in db: any StoreConnection) throws -> String {
        while true {
            let code = "M" + String((0..<5).map { _ in codeAlphabet.randomElement()! })
            if try !MessagingStore.codeInUse(code, practiceId: practiceId, in: db) { return code }
        }
    }

    static func phone(_ text: String, field: String) throws -> String {
        do { return try PhoneNumber(text).e164 } catch { throw RPCError.invalidParams(field: field, error.description) }
    }

    static func motive(_ category: Message.Category) -> ContactEntry.Motive {
        switch category {
        case .appointment: .appointment
        case .prescription: .prescription
        case .results: .results
        case .admin: .admin
        case .other: .other
        }
    }
}
