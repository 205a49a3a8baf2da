import Foundation
import JSONRPC
import Kernel
import Practice

/// The practice's repeat-caller policy (`escalation.repeatCallers`), offered to Messaging through
/// `KernelHost.services` so that Messaging never imports this plugin.
///
/// When the call being taken reaches `calls` within `windowHours` of the first one:
/// - `raise-urgency`: the message (Messaging raises it) or the incident becomes urgent;
/// - `page-staff`: an incident is raised (or counted again) on a one-step chain alerting the staff;
/// - `page-oncall`: an incident is raised (or counted again) on the `repeat-caller` route.
/// Otherwise the action is `none`. Incidents carry the count (`count`) the secretary sees.
struct EscalationRepeatCallerPolicy: RepeatCallerPolicy {
    let engine: EscalationEngine
    let worker: EscalationWorker

    /// The chain used by `page-staff`.
    static let staffChain = EscalationChain(
        id: "repeat-caller-staff",
        steps: [EscalationStep(notify: "staff", channels: ["sms", "webhook"], waitMinutes: 30)], repeat: 1)

    var windowHours: Int { engine.settings.escalation.repeatCallers.windowHours }

    func callerRepeated(_ event: RepeatCall, context: RequestContext) async throws -> RepeatCallOutcome {
        let policy = engine.settings.escalation.repeatCallers
        let now = context.now
        guard event.count >= policy.calls, now.timeIntervalSince(event.firstAt) <= Double(policy.windowHours) * 3600 else {
            return RepeatCallOutcome(action: "none")
        }
        let engine = self.engine
        let phone = event.phone.flatMap { try? PhoneNumber($0).e164 }
        let actor = context.actor
        let practiceId = context.practiceId
        let host = context.host
        let outcome = try await host.store.write { db -> RepeatCallOutcome in
            if policy.action == "raise-urgency" {
                guard event.openKind == "incident", var incident = try IncidentStore.fetchForChange(event.openId, practiceId: practiceId, in: db) else {
                    return RepeatCallOutcome(action: "raise-urgency")
                }
                incident.urgency = "urgent"
                incident.count = max(incident.count, event.count)
                incident.lastCallAt = now
                try IncidentStore.update(incident, practiceId: practiceId, in: db)
                return RepeatCallOutcome(action: "raise-urgency", incidentId: incident.id)
            }
            let chain = policy.action == "page-staff" ? Self.staffChain : engine.settings.chain(forRoute: "repeat-caller")
            let raised = try engine.raise(
                .init(
                    source: "repeat-caller", patientId: event.patientId, caller: phone,
                    reason: "Rappels répétés (\(event.openKind) \(event.openId))", urgency: "urgent",
                    details: "\(event.count) appels depuis \(RFC3339.format(event.firstAt, in: engine.timeZone))",
                    practitionerId: nil, chain: chain, triageSessionId: nil, actor: actor), practiceId: practiceId, now: now, in: db)
            var incident = raised.incident
            if incident.count < event.count {
                incident.count = event.count
                try IncidentStore.update(incident, practiceId: practiceId, in: db)
            }
            for e in raised.events { try e.publish(on: host, in: db) }
            return RepeatCallOutcome(action: policy.action, incidentId: incident.id)
        }
        worker.wake()
        return outcome
    }
}
