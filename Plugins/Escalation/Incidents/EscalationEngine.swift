import Foundation
import JSONRPC
import Kernel
import Practice

/// Raises incidents and runs their chains: every change, its notifications (outbox rows) and its
/// contact-journal entry commit in one transaction; events are returned for the caller to publish
/// with that transaction (`PendingEvent.publish(on:in:)`).
///
/// Every function that touches the database acts for the practice it is given (`practiceId`): it
/// reads and writes that practice's incidents, notifications and overrides only.
///
/// Steps are durable timers: an incident stores the position of its next step and when it is due.
/// Firing a step writes the notifications and moves the timer in the same transaction, so after a
/// crash or restart the next step fires once, never zero times and never twice.
package final class EscalationEngine: Sendable {
    package let settings: EscalationSettings

    /// An event owed by a change, to publish with the transaction that makes it.
    struct PendingEvent: Sendable {
        var topic: String
        var payload: JSONValue

        /// Publishes it with the transaction of `db` (`EventBus.publish(_:_:in:)`): delivered once
        /// that transaction commits, never if it rolls back.
        func publish(on host: KernelHost, in db: any StoreConnection) throws {
            try host.events.publish(topic, payload, in: db)
        }
    }

    /// What `raise` did.
    struct Raised: Sendable {
        var incident: Incident
        var created: Bool
        /// The repeat-caller action applied by this call, if any (`raise-urgency`, `page-staff`, `page-oncall`).
        var repeatAction: String?
        var events: [PendingEvent]
    }

    /// What a caller asks to be raised.
    struct RaiseRequest: Sendable {
        var source: String
        var patientId: String?
        var caller: String?
        var reason: String
        var urgency: String
        var details: String?
        var practitionerId: String?
        var chain: EscalationChain
        var triageSessionId: String?
        var actor: String
        /// False when the caller (a triage) writes its own contact-journal entry for the call.
        var journal: Bool = true
    }

    init(settings: EscalationSettings) { self.settings = settings }

    var timeZone: TimeZone { settings.directory.timeZone }

    // MARK: on call

    /// The rota with the configured overrides followed by those entered over RPC (the later wins).
    func rota(practiceId: String, in db: any StoreConnection) throws -> OnCallRota? { try rotaWithOverrideIDs(practiceId: practiceId, in: db)?.rota }

    /// The rota, and the id of each of its overrides (`oncall.overrides[i]` for configured ones).
    func rotaWithOverrideIDs(practiceId: String, in db: any StoreConnection) throws -> (rota: OnCallRota, ids: [String])? {
        guard let oncall = settings.oncall else { return nil }
        let rows = try IncidentStore.overrides(practiceId: practiceId, in: db)
        let stored = rows.map(\.override)
        let ids = oncall.overrides.indices.map { "oncall.overrides[\($0)]" } + rows.map(\.id)
        // Overrides were validated at load and at entry (both ends resolve, `to` after `from`), so this cannot throw.
        guard let rota = try? OnCallRota(rotation: oncall.rotation, overrides: oncall.overrides + stored, timeZone: timeZone) else { return nil }
        return (rota, ids)
    }

    // MARK: raising

    func raise(_ r: RaiseRequest, practiceId: String, now: Date, in db: any StoreConnection) throws -> Raised {
        // An incident links only a patient of its practice.
        if let patientId = r.patientId, !PatientRegistry.exists(patientId, practiceId: practiceId, in: db) {
            throw RPCError.notFound("patient \(patientId)", field: "patientId")
        }
        let reasonKey = TextFolding.fold(r.reason)
        if var existing = try IncidentStore.openDuplicate(
            caller: r.caller, patientId: r.patientId, reasonKey: reasonKey, practiceId: practiceId, in: db)
        {
            existing.count += 1
            existing.lastCallAt = now
            var events: [PendingEvent] = []
            var action: String?
            let policy = settings.escalation.repeatCallers
            if existing.count >= policy.calls, now.timeIntervalSince(existing.raisedAt) <= Double(policy.windowHours) * 3600 {
                action = policy.action
                events += try applyRepeatAction(policy.action, to: &existing, practiceId: practiceId, now: now, in: db)
            }
            try IncidentStore.update(existing, practiceId: practiceId, in: db)
            if r.journal {
                try journal(existing, kind: "incident-repeat", actor: r.actor, now: now, in: db)
            }
            return Raised(incident: existing, created: false, repeatAction: action, events: events)
        }
        var incident = Incident(
            id: Self.newID("inc"), code: try newCode(practiceId: practiceId, in: db), source: r.source, patientId: r.patientId, caller: r.caller,
            reason: r.reason, urgency: r.urgency, details: r.details, practitionerId: r.practitionerId,
            chain: r.chain, now: now, triageSessionId: r.triageSessionId)
        try IncidentStore.insert(incident, reasonKey: reasonKey, practiceId: practiceId, in: db)
        if r.journal { try journal(incident, kind: "incident", actor: r.actor, now: now, in: db) }
        var events = [PendingEvent(topic: "escalation.raised", payload: summary(incident))]
        events += try fireStep(&incident, practiceId: practiceId, now: now, in: db)
        try IncidentStore.update(incident, practiceId: practiceId, in: db)
        return Raised(incident: incident, created: true, repeatAction: nil, events: events)
    }

    /// The repeat-caller action on an incident the caller called about again.
    func applyRepeatAction(_ action: String, to incident: inout Incident, practiceId: String, now: Date, in db: any StoreConnection) throws -> [PendingEvent] {
        switch action {
        case "raise-urgency":
            incident.urgency = "urgent"
            return []
        case "page-staff":
            let sent = try notify(
                EscalationStep(notify: "staff", channels: ["sms", "webhook"]), position: -1, template: "staff",
                incident: incident, practiceId: practiceId, now: now, in: db)
            return [notified(incident, position: -1, target: "staff", sent: sent, now: now)]
        default:
            let sent = try notify(
                EscalationStep(notify: "oncall", channels: ["sms", "webhook"]), position: -1, template: "repeatCaller",
                incident: incident, practiceId: practiceId, now: now, in: db)
            return [notified(incident, position: -1, target: "oncall", sent: sent, now: now)]
        }
    }

    // MARK: the chain

    /// Fires the incident's next step (or declares the chain exhausted) and moves its timer. The caller writes the row.
    func fireStep(_ incident: inout Incident, practiceId: String, now: Date, in db: any StoreConnection) throws -> [PendingEvent] {
        let total = incident.chain.totalSteps
        guard incident.nextStep < total else {
            incident.status = .exhausted
            incident.exhaustedAt = now
            incident.nextStepAt = nil
            try Outbox.enqueue(
                .init(
                    channel: "webhook", destination: "*", event: "escalation.exhausted",
                    payload: JSONWriter.string(webhookBody("escalation.exhausted", incident, extra: [:])),
                    urgency: .urgent, reference: incident.id), practiceId: settings.directory.practiceId, in: db, now: now)
            return [PendingEvent(topic: "escalation.exhausted", payload: summary(incident))]
        }
        let position = incident.nextStep
        let (step, _, _) = incident.chain.step(at: position)
        let template = position == 0 ? firstTemplate(incident, step: step) : "reminder"
        let sent = try notify(step, position: position, template: template, incident: incident, practiceId: practiceId, now: now, in: db)
        incident.nextStep = position + 1
        incident.nextStepAt = now.addingTimeInterval(Double(step.waitMinutes) * 60)
        return [notified(incident, position: position, target: step.notify, sent: sent, now: now)]
    }

    private func firstTemplate(_ incident: Incident, step: EscalationStep) -> String {
        if step.notify == "staff" { return "staff" }
        switch incident.source {
        case "urgent-sms": return "urgentMessage"
        case "repeat-caller": return "repeatCaller"
        default: return "oncall"
        }
    }

    /// Whom a step's `notify` designates now: practitioner ids (with their mobiles) or staff numbers.
    func recipients(
        _ target: String, incident: Incident, practiceId: String, now: Date, in db: any StoreConnection
    ) throws -> [(practitionerId: String?, phone: String?)] {
        let rota = try rota(practiceId: practiceId, in: db)
        let onCall = rota?.answer(at: now).practitionerId
        func practitioner(_ id: String?) -> [(practitionerId: String?, phone: String?)] {
            guard let id else { return [] }
            return [(id, settings.mobile(of: id))]
        }
        switch target {
        case "oncall": return practitioner(onCall)
        case "oncall-backup":
            let backups = (settings.oncall?.chain ?? []).filter { $0 != onCall }
            guard !backups.isEmpty else { return practitioner(onCall) }
            return practitioner(backups[try IncidentStore.backupStepsSent(incident.id, practiceId: practiceId, in: db) % backups.count])
        case "practitioner": return practitioner(incident.practitionerId ?? onCall)
        case "staff": return settings.staffMobiles.map { (nil, $0) }
        default: return practitioner(target)
        }
    }

    /// Sends one step: an SMS per recipient with a mobile, one webhook to every endpoint subscribed to `escalation.raised`.
    func notify(
        _ step: EscalationStep, position: Int, template: String, incident: Incident, practiceId: String, now: Date,
        in db: any StoreConnection
    ) throws -> [IncidentNotification] {
        let who = try recipients(step.notify, incident: incident, practiceId: practiceId, now: now, in: db)
        let round = position < 0 ? 0 : incident.chain.step(at: position).round
        var sent: [IncidentNotification] = []
        for channel in step.channels {
            switch channel {
            case "sms":
                for r in who {
                    guard let phone = r.phone else { continue }
                    let text = smsText(template, incident: incident, position: position, now: now)
                    let outboxId = try Outbox.enqueue(
                        .init(
                            channel: "sms", destination: phone, event: "escalation.page", payload: text,
                            urgency: .urgent, reference: incident.id), practiceId: settings.directory.practiceId, in: db, now: now)
                    sent.append(
                        IncidentNotification(
                            step: position, round: round, target: step.notify, practitionerId: r.practitionerId,
                            channel: "sms", destination: phone, text: text, outboxId: outboxId, sentAt: now))
                }
            default:
                let body = webhookBody(
                    "escalation.raised", incident,
                    extra: [
                        "step": .int(position + 1), "steps": .int(incident.chain.totalSteps), "target": .string(step.notify),
                        "practitionerIds": .array(who.compactMap(\.practitionerId).map(JSONValue.string))
                    ])
                let outboxId = try Outbox.enqueue(
                    .init(
                        channel: "webhook", destination: "*", event: "escalation.raised",
                        payload: JSONWriter.string(body), urgency: .urgent, reference: incident.id), practiceId: settings.directory.practiceId, in: db, now: now
                )
                sent.append(
                    IncidentNotification(
                        step: position, round: round, target: step.notify, practitionerId: who.first?.practitionerId,
                        channel: "webhook", destination: "*", text: nil, outboxId: outboxId, sentAt: now))
            }
        }
        for n in sent { try IncidentStore.insert(n, incidentId: incident.id, practiceId: practiceId, in: db) }
        return sent
    }

    /// The SMS for a page: practice, code, callback number, time and step only — never the reason or details.
    func smsText(_ template: String, incident: Incident, position: Int, now: Date) -> String {
        let callback =
            incident.caller.flatMap { try? PhoneNumber($0) }.map { $0.frenchNationalFormat ?? $0.e164 }
            ?? settings.directory.profile.phone ?? "-"
        let local = LocalDateTime(template == "acknowledged" ? now : incident.raisedAt, in: timeZone)
        let step = position < 0 ? "-" : "\(position + 1)/\(incident.chain.totalSteps)"
        return settings.templates.text(
            template, practice: settings.practiceShortName, code: incident.code, callback: callback,
            time: local.time.description, step: step)
    }

    // MARK: acknowledgement and resolution

    func acknowledge(
        _ id: String, by actor: String, via: String, practiceId: String, now: Date, in db: any StoreConnection
    ) throws -> (Incident, [PendingEvent]) {
        guard var incident = try IncidentStore.fetchForChange(id, practiceId: practiceId, in: db) else {
            throw RPCError.notFound("incident \(id)", field: "incidentId")
        }
        guard incident.isAcknowledgeable else {
            var data: JSONObject = [
                "field": "incidentId", "reason": .string("already \(incident.status.rawValue)"), "status": .string(incident.status.rawValue)
            ]
            if let by = incident.acknowledgedBy { data["acknowledgedBy"] = .string(by) }
            throw RPCError.conflict("incident \(id) is already \(incident.status.rawValue)", data: .object(data))
        }
        incident.status = .acknowledged
        incident.acknowledgedAt = now
        incident.acknowledgedBy = actor
        incident.acknowledgedVia = via
        incident.nextStepAt = nil
        try IncidentStore.update(incident, practiceId: practiceId, in: db)
        try Outbox.enqueue(
            .init(
                channel: "webhook", destination: "*", event: "escalation.acknowledged",
                payload: JSONWriter.string(webhookBody("escalation.acknowledged", incident, extra: [:])),
                urgency: .urgent, reference: incident.id), practiceId: settings.directory.practiceId, in: db, now: now)
        return (incident, [PendingEvent(topic: "escalation.acknowledged", payload: summary(incident))])
    }

    func resolve(
        _ id: String, outcome: String, by actor: String, practiceId: String, now: Date, in db: any StoreConnection
    ) throws -> (Incident, [PendingEvent]) {
        guard var incident = try IncidentStore.fetchForChange(id, practiceId: practiceId, in: db) else {
            throw RPCError.notFound("incident \(id)", field: "incidentId")
        }
        guard incident.status != .resolved else {
            throw RPCError.conflict("incident \(id) is already resolved", data: ["field": "incidentId", "reason": "already resolved"])
        }
        if incident.acknowledgedAt == nil {
            incident.acknowledgedAt = now
            incident.acknowledgedBy = actor
            incident.acknowledgedVia = "console"
        }
        incident.status = .resolved
        incident.resolvedAt = now
        incident.resolvedBy = actor
        incident.outcome = outcome
        incident.nextStepAt = nil
        try IncidentStore.update(incident, practiceId: practiceId, in: db)
        try Outbox.enqueue(
            .init(
                channel: "webhook", destination: "*", event: "escalation.resolved",
                payload: JSONWriter.string(webhookBody("escalation.resolved", incident, extra: ["outcome": .string(outcome)])),
                urgency: .normal, reference: incident.id), practiceId: settings.directory.practiceId, in: db, now: now)
        return (incident, [PendingEvent(topic: "escalation.resolved", payload: summary(incident))])
    }

    /// Takes an SMS reply (`OK 4821`, `4821`, or the keyword alone when the sender has one pending alert)
    /// from a number the incident paged as an acknowledgement. Replies from other numbers are not taken.
    func acknowledgeBySMS(
        from phone: String, text: String, practiceId: String, now: Date, in db: any StoreConnection
    ) throws -> (Incident, Bool, [PendingEvent])? {
        guard let number = try? PhoneNumber(phone) else { return nil }
        let e164 = number.e164
        let words = TextFolding.fold(text).split(separator: " ").map(String.init)
        let keywords = Set(settings.escalation.acknowledgeKeywords.map(TextFolding.fold))
        var code: String?
        switch words.count {
        case 1 where words[0].allSatisfy(\.isNumber): code = words[0]
        case 1 where keywords.contains(words[0]): code = nil
        case 2 where keywords.contains(words[0]) && words[1].allSatisfy(\.isNumber): code = words[1]
        default: return nil
        }
        // The sender as written or sent (`06 39 98 12 01`, `+262 639…`) matches the number paged (`+33 6 39…`).
        let paged = try IncidentStore.pagedTo(number.matchingE164s, practiceId: practiceId, in: db)
        let candidates: [(Incident, String?)]
        if let code {
            candidates = paged.filter { $0.0.code == code }
        } else {
            let pending = paged.filter { $0.0.isAcknowledgeable }
            guard pending.count == 1 else { return nil }
            candidates = pending
        }
        guard let (incident, practitionerId) = candidates.first else { return nil }
        guard incident.isAcknowledgeable else { return (incident, false, []) }
        let (acked, events) = try acknowledge(incident.id, by: practitionerId ?? e164, via: "sms", practiceId: practiceId, now: now, in: db)
        let confirmation = smsText("acknowledged", incident: acked, position: -1, now: now)
        let outboxId = try Outbox.enqueue(
            .init(
                channel: "sms", destination: e164, event: "escalation.acknowledged", payload: confirmation,
                urgency: .normal, reference: acked.id), practiceId: settings.directory.practiceId, in: db, now: now)
        try IncidentStore.insert(
            IncidentNotification(
                step: -1, round: 0, target: "acknowledged", practitionerId: practitionerId, channel: "sms",
                destination: e164, text: confirmation, outboxId: outboxId, sentAt: now),
            incidentId: acked.id, practiceId: practiceId, in: db)
        return (acked, true, events)
    }

    // MARK: helpers

    func journal(_ incident: Incident, kind: String, actor: String, now: Date, in db: any StoreConnection) throws {
        try ContactJournal.append(
            ContactEntry(
                channel: .phone, direction: .inbound, patientId: incident.patientId,
                caller: incident.caller.map { .init(phone: $0) }, motive: .emergency,
                subject: incident.reason, offeredAt: now, answeredAt: now, agent: actor,
                outcome: kind == "incident" ? "incident-raised" : "incident-count-\(incident.count)",
                notes: incident.details, source: "escalation", reference: incident.id, kind: kind), practiceId: settings.directory.practiceId, in: db)
    }

    func notified(_ incident: Incident, position: Int, target: String, sent: [IncidentNotification], now: Date) -> PendingEvent {
        PendingEvent(
            topic: "escalation.notified",
            payload: [
                "incidentId": .string(incident.id), "code": .string(incident.code),
                "step": .int(position + 1), "steps": .int(incident.chain.totalSteps), "target": .string(target),
                "practitionerIds": .array(Array(Set(sent.compactMap(\.practitionerId))).sorted().map(JSONValue.string)),
                "channels": .array(sent.map { .string($0.channel) }), "at": .string(RFC3339.format(now, in: timeZone))
            ])
    }

    /// What events say about an incident (no details: events reach every subscribed console).
    func summary(_ i: Incident) -> JSONValue {
        var o: JSONObject = [
            "incidentId": .string(i.id), "code": .string(i.code), "status": .string(i.status.rawValue), "source": .string(i.source),
            "reason": .string(i.reason), "urgency": .string(i.urgency), "count": .int(i.count),
            "raisedAt": .string(RFC3339.format(i.raisedAt, in: timeZone))
        ]
        if let p = i.patientId { o["patientId"] = .string(p) }
        if let c = i.caller { o["caller"] = .string(c) }
        if let by = i.acknowledgedBy { o["acknowledgedBy"] = .string(by) }
        if let v = i.acknowledgedVia { o["via"] = .string(v) }
        return .object(o)
    }

    func webhookBody(_ type: String, _ i: Incident, extra: JSONObject) -> JSONValue {
        var o: JSONObject = ["type": .string(type)]
        if case .object(let s) = summary(i) { for (k, v) in s { o[k] = v } }
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    /// A short numeric code not used by another unresolved incident of the practice.
    func newCode(practiceId: String, in db: any StoreConnection) throws -> String {
        let used = try IncidentStore.codesInUse(practiceId: practiceId, in: db)
        for _ in 0..<1000 {
            let code = String(Int.random(in: 1000...9999))
            if !used.contains(code) { return code }
        }
        throw RPCError(.internalError, "no free incident code")
    }

    static func newID(_ prefix: String) -> String {
        RandomIdentifier.make(prefix + "_", hexDigits: 16)
    }
}
