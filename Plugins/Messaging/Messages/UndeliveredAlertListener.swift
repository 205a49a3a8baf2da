import Foundation
import Kernel
import Logging
import Practice

/// Messaging's share of delivery failures: an urgent SMS that will not be delivered (any module's,
/// when no other module followed it up) becomes an `undeliveredAlert` at the top of the callback
/// queue — « Alerte non délivrée : appeler le Dr Roux au 06 39 98 12 03 (message MK4T7Q) » — so a
/// secretary phones the practitioner the SMS was for. Written in the transaction that marks the
/// outbox row dead; after the commit, `messaging.received` goes to the consoles and an error-level
/// line to the log (ids only: no number, no text).
struct UndeliveredAlertListener: Sendable {
    let desk: MessagingCallbackDesk

    var service: MessagingService { desk.service }

    func handle(_ failure: DeliveryFailureRouter.Failure, in db: any StoreConnection) throws -> DeliveryFailureRouter.Handling? {
        guard failure.channel == "sms", failure.urgency == .urgent else { return nil }
        let now = failure.at
        let own = try failure.reference.flatMap { reference in try MessagingStore.find(reference, practiceId: desk.practiceId, now: now, in: db) }
        let request = Self.request(for: failure, message: own, directory: service.directory)
        let queued = try desk.enqueue(request, actor: "notify", now: now, in: db)
        let logger = desk.host.logger
        // Ids only: the number identifies a person and the error may echo the gateway's reply (Notify's own line has the reason).
        let line =
            "undelivered urgent SMS \(failure.messageId) (\(failure.event)) after \(failure.attempts) attempt(s); "
            + "queued for the secretaries as \(queued.code) (\(queued.messageId))"
        db.afterCommit({ _ in logger.error("messaging: \(line)") })
        return .init(
            handledBy: "messaging", reference: queued.messageId,
            summary: queued.created ? "alerte \(queued.code) mise en tête de la file de rappel" : "alerte \(queued.code) déjà dans la file")
    }

    /// An undelivered alert delivered since (staff retried it): its queue item is closed as no longer
    /// needed, with a note saying so, unless another SMS of the same alert is still undelivered or a
    /// secretary already closed it. `messaging.completed` goes to the consoles with the commit.
    func recovered(_ recovery: DeliveryFailureRouter.Recovery, in db: any StoreConnection) throws {
        guard recovery.stillUndelivered == 0 else { return }
        for handling in recovery.handlings where handling.handledBy == "messaging" {
            guard let id = handling.reference, let item = try MessagingStore.find(id, practiceId: desk.practiceId, now: recovery.at, in: db),
                item.kind == CallbackRequest.Kind.undeliveredAlert.rawValue, item.status != .completed
            else { continue }
            let note = "SMS délivré après une nouvelle tentative (\(recovery.messageId)) : plus besoin d'appeler."
            try MessagingStore.complete(id, at: recovery.at, by: "notify", outcome: .noLongerNeeded, note: note, practiceId: desk.practiceId, in: db)
            let host = desk.host
            if let message = try? Message.fetchDetailed(id, practiceId: host.practiceId, in: db, now: host.clock.now()) {
                try host.events.publish("messaging.completed", message, in: db)
            }
        }
    }

    /// The queue item for a failure: whom to phone (the practitioner behind the destination number),
    /// about what (the message's code, or the reference the sender gave), and the number the patient waits on.
    static func request(
        for failure: DeliveryFailureRouter.Failure, message: Message?,
        directory: PracticeDirectory
    ) -> CallbackRequest {
        let practitioner = directory.practitioners.first { $0.mobile == failure.destination }
        let who = practitioner?.nameAsObject ?? "le destinataire"
        let number = PhoneNumber.spoken(failure.destination)
        var text = "Alerte non délivrée : appeler \(who) au \(number)"
        if let message {
            text += " (message \(message.code))"
            if let patientNumber = message.callbackNumber ?? message.caller?.phone {
                text += " ; le patient attend un rappel au \(PhoneNumber.spoken(patientNumber))"
            }
        } else if let reference = failure.reference {
            text += " (réf. \(reference))"
        }
        text += "."
        return CallbackRequest(
            kind: .undeliveredAlert, urgent: true, patientId: message?.patientId,
            callbackNumber: failure.destination, practitionerId: practitioner?.id ?? message?.practitionerId,
            text: text, source: "notify", reference: message?.id ?? failure.reference ?? failure.messageId,
            recordsContact: false)
    }
}
