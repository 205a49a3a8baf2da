import Foundation
import JSONRPC
import Kernel
import Practice

/// Messaging's implementation of the `CallbackDesk`: what other modules promise a caller becomes a
/// message of the one callback queue, with the same codes and deadline rules as `messaging.take`.
///
/// In the caller's transaction it writes the message, its `messaging.received` webhook row, its
/// urgent SMS when asked, and its contact-journal entry when asked. A request joins an item
/// already open for the same thing instead of creating a second one:
/// - a prescription renewal joins the open renewal of the same patient or number (one renewal
///   path, whether it came from the triage or `messaging.prescriptionRenewal`);
/// - any other kind joins the open item with the same origin (the same failed SMS, incident, session).
/// A joined item keeps its first deadline; an urgent request makes it urgent, moving the deadline
/// earlier, never later. With the caller's transaction the desk publishes `messaging.received` (new
/// item) or `messaging.urgencyRaised` (an item made urgent): heard once that transaction commits,
/// never if it rolls back or the savepoint the request ran in is undone (a failing listener); after
/// the commit it wakes the overdue monitor.
struct MessagingCallbackDesk: CallbackDesk {
    let service: MessagingService
    let host: KernelHost

    /// The practice whose queue this desk fills: the host's.
    var practiceId: String { host.practiceId }

    /// Kinds that go to the top of the queue, whatever their deadline.
    static let alertKinds: Set<String> = [CallbackRequest.Kind.undeliveredAlert.rawValue, CallbackRequest.Kind.exhaustedChain.rawValue]

    func enqueue(_ request: CallbackRequest, actor: String, now: Date, in db: any StoreConnection) throws -> QueuedCallback {
        let text = String(request.text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(4000))
        guard !text.isEmpty else { throw RPCError.invalidParams(field: "text", "must not be empty") }
        let callerPhone = try request.callerPhone.map { try MessagingService.phone($0, field: "callerPhone") }
        let callback = try request.callbackNumber.map { try MessagingService.phone($0, field: "callbackNumber") }
        let practitioner = try request.practitionerId.map { try service.directory.practitioner($0, field: "practitionerId") }
        let origin = Message.Origin(source: request.source, reference: request.reference)
        let phones = Array(Set([callback, callerPhone].compactMap { $0 }))
        try Self.serialize(patientId: request.patientId, phones: phones, practiceId: host.practiceId, in: db)

        if let open = try openItem(for: request, origin: origin, phones: phones, in: db, now: now) {
            return try join(open, request: request, text: text, practitioner: practitioner, actor: actor, now: now, in: db)
        }

        let siteId = practitioner?.sites?.first(where: { service.directory.calendars[$0] != nil }) ?? service.directory.mainSite.id
        let calendar = service.directory.calendars[siteId]!
        let urgency: Message.Urgency = request.urgent ? .urgent : .normal
        let dueAt = try request.dueAt ?? service.deadline(urgency: urgency, from: now, calendar: calendar)
        // A caller's promise joins the caller's thread (repeat calls); an alert stands alone.
        let linked =
            Self.alertKinds.contains(request.kind.rawValue)
            ? []
            : try MessagingStore.openMessages(patientId: request.patientId, phones: phones, practiceId: practiceId, now: now, in: db)
        let id = RandomIdentifier.make("mes_", hexDigits: 16)
        let caller = callerPhone.map { Message.Caller(name: nil, phone: $0, relationship: nil) }
        var message = Message(
            id: String(id), code: try MessagingService.uniqueCode(practiceId: practiceId, in: db), kind: request.kind.rawValue, takenAt: now,
            takenBy: actor, siteId: siteId, patientId: request.patientId, caller: caller,
            category: Self.category(request.kind), text: text, callbackNumber: callback, urgency: urgency,
            practitionerId: practitioner?.id, dueAt: dueAt, threadId: linked.first?.threadId ?? String(id),
            callCount: linked.count + 1, renewal: nil)
        let smsTo = request.urgent && request.alertsPractitioner ? (practitioner?.mobile ?? service.configuration.urgentSmsNumber) : nil
        message.smsTo = smsTo
        message.overdue = now >= dueAt
        message.origin = origin
        try MessagingStore.insert(message, practiceId: practiceId, in: db)
        try MessagingStore.insertOrigin(origin, messageId: message.id, practiceId: practiceId, in: db)
        try Outbox.enqueue(
            Outbox.Item(
                channel: "webhook", destination: "*", event: "messaging.received",
                payload: try MessagingService.webhookBody("messaging.received", message, at: now, encoder: host.encoder),
                urgency: request.urgent ? .urgent : .normal, reference: message.id), practiceId: host.practiceId, in: db, now: now)
        if let smsTo {
            try Outbox.enqueue(
                Outbox.Item(
                    channel: "sms", destination: smsTo, event: "messaging.urgent", payload: service.smsText(for: message),
                    urgency: .urgent, reference: message.id), practiceId: host.practiceId, in: db, now: now)
        }
        if request.recordsContact { try journal(message, actor: actor, now: now, in: db) }
        try announce("messaging.received", messageId: message.id, in: db)
        return QueuedCallback(
            messageId: message.id, code: message.code, dueAt: message.dueAt, created: true,
            urgent: message.urgency == .urgent, smsTo: smsTo)
    }

    /// The open item this request joins, if any.
    func openItem(for request: CallbackRequest, origin: Message.Origin, phones: [String], in db: any StoreConnection, now: Date) throws -> Message? {
        if request.kind == .prescriptionRenewal {
            return try Self.openRenewal(patientId: request.patientId, phones: phones, practiceId: practiceId, in: db, now: now)
        }
        return try MessagingStore.openItem(kind: request.kind.rawValue, origin: origin, practiceId: practiceId, now: now, in: db)
    }

    /// Holds the patient's and the numbers' queue until the transaction ends (`StoreConnection.serialize`):
    /// what is open for them is checked, then joined or opened, without another request doing the same
    /// in between (two renewals arriving together make one message).
    static func serialize(patientId: String?, phones: [String], practiceId: String, in db: any StoreConnection) throws {
        try db.serialize(
            (patientId.map { ["messaging|\(practiceId)|patient|\($0)"] } ?? []) + phones.map { "messaging|\(practiceId)|phone|\($0)" })
    }

    /// The practice's oldest open renewal of the patient, or from one of the numbers.
    static func openRenewal(patientId: String?, phones: [String], practiceId: String, in db: any StoreConnection, now: Date) throws -> Message? {
        try MessagingStore.openMessages(patientId: patientId, phones: phones, practiceId: practiceId, now: now, in: db)
            .first { $0.kind == CallbackRequest.Kind.prescriptionRenewal.rawValue }
    }

    /// Adds the request to an open item: its text is appended, an urgent request makes it urgent
    /// (deadline moved earlier, never later) and alerts the practitioner if asked.
    private func join(
        _ open: Message, request: CallbackRequest, text: String, practitioner: Practitioner?, actor: String,
        now: Date, in db: any StoreConnection
    ) throws -> QueuedCallback {
        var message = open
        if !message.text.contains(text) {
            message.text = String((message.text + "\n" + text).prefix(8000))
        }
        var smsTo: String?
        let raised = request.urgent && message.urgency == .normal
        if raised {
            message.urgency = .urgent
            let urgentDue = request.dueAt ?? CallbackDeadline.urgent(takenAt: now, hours: service.configuration.urgentCallbackHours)
            message.dueAt = min(message.dueAt, urgentDue)
        }
        if message.practitionerId == nil, let practitioner { message.practitionerId = practitioner.id }
        if request.urgent && request.alertsPractitioner && (raised || message.smsTo == nil) {
            let recipient =
                message.practitionerId.flatMap { try? service.directory.practitioner($0) }?.mobile
                ?? service.configuration.urgentSmsNumber
            if let recipient {
                message.smsTo = recipient
                smsTo = recipient
                try Outbox.enqueue(
                    Outbox.Item(
                        channel: "sms", destination: recipient, event: "messaging.urgent",
                        payload: service.smsText(for: message), urgency: .urgent, reference: message.id), practiceId: host.practiceId, in: db, now: now)
            }
        }
        try MessagingStore.updateJoined(
            message, overdueNotifiedAt: message.dueAt < open.dueAt ? nil : message.overdueNotifiedAt, practiceId: practiceId, in: db)
        if request.recordsContact { try journal(message, actor: actor, now: now, in: db) }
        if raised { try announce("messaging.urgencyRaised", messageId: message.id, in: db) }
        return QueuedCallback(
            messageId: message.id, code: message.code, dueAt: message.dueAt, created: false,
            urgent: message.urgency == .urgent, smsTo: smsTo)
    }

    private func journal(_ message: Message, actor: String, now: Date, in db: any StoreConnection) throws {
        let renewal = message.kind == CallbackRequest.Kind.prescriptionRenewal.rawValue
        try ContactJournal.append(
            ContactEntry(
                channel: .phone, direction: .inbound, patientId: message.patientId,
                caller: message.caller.map { ContactEntry.Caller(name: $0.name, phone: $0.phone, relationship: $0.relationship) },
                motive: MessagingService.motive(message.category), subject: renewal ? "Renouvellement d'ordonnance" : nil,
                offeredAt: now, agent: actor, outcome: "message", notes: message.text, source: "messaging",
                reference: message.id, kind: renewal ? "prescriptionRenewal" : "message"), practiceId: host.practiceId, in: db)
    }

    /// The event to the consoles, with the transaction (the message as it stands in it), and the
    /// overdue monitor woken for the new deadline once it commits: neither if the transaction, or the
    /// savepoint the request ran in, is undone.
    private func announce(_ topic: String, messageId: String, in db: any StoreConnection) throws {
        let message = try Message.fetchDetailed(messageId, practiceId: host.practiceId, in: db, now: host.clock.now())
        try host.events.publish(topic, message, in: db)
        let monitor = service.monitor
        db.afterCommit({ _ in monitor.wake() })
    }

    static func category(_ kind: CallbackRequest.Kind) -> Message.Category {
        switch kind {
        case .prescriptionRenewal: .prescription
        case .patientReply: .appointment
        default: .other
        }
    }
}
