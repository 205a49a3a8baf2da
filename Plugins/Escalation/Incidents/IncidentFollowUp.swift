import Foundation
import Kernel
import Logging
import Practice

/// What happens when an alert reaches nobody: the promise goes to the secretaries' callback queue
/// (through the `CallbackDesk` Messaging registers), the consoles hear of it, and the log says it at
/// error level (ids, codes and numbers only: never the reason or details).
///
/// - A chain exhausted without acknowledgement → an urgent `exhaustedChain` item (« Alerte 4821 sans
///   réponse… »), its id and code added to the `escalation.exhausted` event.
/// - An incident's page SMS that will not be delivered (a dead outbox row) → an urgent
///   `undeliveredAlert` item naming whom to phone (« appeler le Dr Roux au 06 … (alerte 4821) »),
///   unless the incident was acknowledged or resolved meanwhile.
/// Without a desk (Messaging disabled) the incident keeps its status and webhooks; the log says so.
struct IncidentFollowUp: Sendable {
    let engine: EscalationEngine
    let host: KernelHost
    /// Wakes the escalation worker (to fire a step brought forward).
    var wake: (@Sendable () -> Void)? = nil

    var desk: (any CallbackDesk)? { host.services.resolve((any CallbackDesk).self) }
    var directory: PracticeDirectory { engine.settings.directory }

    /// Queues an `exhaustedChain` item for an incident whose chain just ran out, in the caller's
    /// transaction; returns the event payload extended with the queue item, and logs after commit.
    func chainExhausted(_ incident: Incident, now: Date, in db: any StoreConnection) throws -> QueuedCallback? {
        let logger = host.logger
        let sent = incident.chain.totalSteps
        guard let desk else {
            db.afterCommit({ _ in
                logger.error(
                    "escalation: incident \(incident.code) (\(incident.id)) exhausted its chain after \(sent) step(s) without acknowledgement; messaging is disabled, no queue item"
                )
            })
            return nil
        }
        var text = "Alerte \(incident.code) sans réponse : aucun médecin n'a confirmé après \(sent) envoi\(sent > 1 ? "s" : "") (\(incident.reason))."
        if let caller = incident.caller {
            text += " Rappeler l'appelant au \(PhoneNumber.spoken(caller)) et joindre un médecin."
        } else {
            text += " Numéro de l'appelant inconnu : joindre un médecin."
        }
        let queued = try desk.enqueue(
            CallbackRequest(
                kind: .exhaustedChain, urgent: true, patientId: incident.patientId,
                callerPhone: incident.caller, callbackNumber: incident.caller,
                practitionerId: incident.practitionerId, text: text, source: "escalation",
                reference: incident.id, recordsContact: false),
            actor: "escalation", now: now, in: db)
        db.afterCommit({ _ in
            logger.error(
                "escalation: incident \(incident.code) (\(incident.id)) exhausted its chain after \(sent) step(s) without acknowledgement; queued for the secretaries as \(queued.code) (\(queued.messageId))"
            )
        })
        return queued
    }

    /// A page SMS that will not be delivered (a dead outbox row, or a receipt saying `undelivered` or
    /// `failed`): the next step is brought forward to now, and a secretary follows it up; nil for anything else.
    func deliveryFailed(_ failure: DeliveryFailureRouter.Failure, in db: any StoreConnection) throws -> DeliveryFailureRouter.Handling? {
        guard failure.channel == "sms", failure.event == "escalation.page", let id = failure.reference,
            let incident = try IncidentStore.fetchForChange(id, practiceId: host.practiceId, in: db)
        else { return nil }
        guard incident.isAcknowledgeable else {
            return .init(
                handledBy: "escalation", reference: incident.id,
                summary: "incident \(incident.code) déjà \(incident.status == .acknowledged ? "pris en charge" : "clos") : rien à rattraper")
        }
        // As a non-answer would: the next step goes out now rather than at the end of the wait.
        if let at = incident.nextStepAt, at > failure.at {
            var moved = incident
            moved.nextStepAt = failure.at
            try IncidentStore.update(moved, practiceId: host.practiceId, in: db)
            if let wake { db.afterCommit({ _ in wake() }) }
        }
        guard let desk else { return nil }
        let practitioner = directory.practitioners.first { $0.mobile == failure.destination }
        var text =
            "Alerte non délivrée : appeler \(practitioner?.nameAsObject ?? "le destinataire") au \(PhoneNumber.spoken(failure.destination)) (alerte \(incident.code))"
        if let caller = incident.caller { text += " ; l'appelant attend un rappel au \(PhoneNumber.spoken(caller))" }
        text += "."
        let queued = try desk.enqueue(
            CallbackRequest(
                kind: .undeliveredAlert, urgent: true, patientId: incident.patientId,
                callbackNumber: failure.destination, practitionerId: practitioner?.id ?? incident.practitionerId,
                text: text, source: "escalation", reference: incident.id, recordsContact: false),
            actor: "notify", now: failure.at, in: db)
        let logger = host.logger
        let line =
            "escalation: undelivered page SMS \(failure.messageId) of incident \(incident.code) (\(incident.id)) "
            + "after \(failure.attempts) attempt(s); queued for the secretaries as \(queued.code) (\(queued.messageId))"
        db.afterCommit({ _ in logger.error("\(line)") })
        return .init(
            handledBy: "escalation", reference: queued.messageId,
            summary: "alerte \(incident.code) non délivrée : \(queued.code) en tête de la file de rappel")
    }

}
