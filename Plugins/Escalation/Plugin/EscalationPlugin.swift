import Foundation
package import GRDB
package import Kernel
package import Practice

/// Triage protocols, the on-call rota, escalation chains with acknowledgement, repeat callers.
///
/// Built from the `triage`, `oncall` and `escalation` sections (every problem thrown at once as a
/// `ConfigurationError`, so `permanence config check` rejects a dead-end or cyclic protocol with
/// its path). `start` launches the worker that fires due steps, listens to inbound SMS for
/// acknowledgements, registers the repeat-caller policy for Messaging, and follows up pages that
/// could not be delivered and chains that reached nobody in the callback queue (`CallbackDesk`).
package struct EscalationPlugin: Plugin {
    package let id = "escalation"
    package let version = "0.1.0"
    package let namespaces = ["escalation", "triage", "oncall"]
    package let webhookEvents = [
        "escalation.raised", "escalation.acknowledged", "escalation.resolved", "escalation.exhausted",
        "triage.callbackRequested"
    ]
    package let eventTopics = ["escalation.raised", "escalation.notified", "escalation.acknowledged", "escalation.resolved", "escalation.exhausted"]
    /// Incidents name a reason and a caller: secretaries and above, audited; `notified` holds only ids and targets.
    package let eventAccess: [String: EventAccess] = [
        "escalation.raised": .patientData(), "escalation.notified": .operational(.secretary),
        "escalation.acknowledged": .patientData(), "escalation.resolved": .patientData(), "escalation.exhausted": .patientData()
    ]
    package let settings: EscalationSettings
    package let engine: EscalationEngine
    /// The step timer loop (exposed so tests can fire due steps deterministically).
    package let worker: EscalationWorker

    package init(configuration: ConfigurationDocument, directory: PracticeDirectory) throws(ConfigurationError) {
        settings = try EscalationSettings(configuration: configuration, directory: directory)
        engine = EscalationEngine(settings: settings)
        worker = EscalationWorker(engine: engine)
    }

    package func registerMigrations(_ migrator: inout DatabaseMigrator) {
        EscalationMigrations.register(&migrator)
    }

    package func registerSchema(_ schema: inout SchemaMigrations) {
        EscalationMigrations.register(&schema)
    }

    package func methods(host: KernelHost) -> [AnyMethod] {
        host.services.resolve(CallSheet.self)?.add(EscalationCallSheet(practiceId: host.practiceId))
        // An incident's page that will not be delivered comes back to the secretaries. Registered
        // with the methods, before any plugin starts (Notify's worker starts first).
        let worker = self.worker
        let followUp = IncidentFollowUp(engine: engine, host: host, wake: { worker.wake() })
        host.deliveryFailures.register { failure, db in try followUp.deliveryFailed(failure, in: db) }
        let triage = TriageService(engine: engine)
        return [
            AnyMethod(TriageProtocolsMethod(settings: settings)),
            AnyMethod(TriageStartMethod(service: triage, worker: worker)),
            AnyMethod(TriageAnswerMethod(service: triage, worker: worker)),
            AnyMethod(OnCallWhoMethod(engine: engine)),
            AnyMethod(OnCallOverrideMethod(engine: engine)),
            AnyMethod(OnCallOverridesMethod(engine: engine)),
            AnyMethod(EscalationRaiseMethod(engine: engine, worker: worker)),
            AnyMethod(EscalationAcknowledgeMethod(engine: engine)),
            AnyMethod(EscalationResolveMethod(engine: engine)),
            AnyMethod(EscalationListMethod()),
            AnyMethod(EscalationGetMethod())
        ]
    }

    package func start(host: KernelHost) async throws {
        host.personalData.register(IncidentPersonalData(practiceId: host.practiceId))
        host.services.register((any RepeatCallerPolicy).self, EscalationRepeatCallerPolicy(engine: engine, worker: worker) as any RepeatCallerPolicy)
        let engine = self.engine
        host.inboundSMS.register { message, context in
            let result = try await context.host.store.write { db -> (Incident, Bool)? in
                let result = try engine.acknowledgeBySMS(from: message.from, text: message.text, practiceId: context.practiceId, now: context.now, in: db)
                for e in result?.2 ?? [] { try e.publish(on: context.host, in: db) }
                return result.map { ($0.0, $0.1) }
            }
            guard let (incident, changed) = result else { return nil }
            return InboundSMSRouter.Handling(
                handledBy: "escalation",
                summary: changed ? "incident \(incident.code) acknowledged" : "incident \(incident.code) was already \(incident.status.rawValue)",
                reference: incident.id)
        }
        worker.start(host: host)
    }

    package func stop() async {
        await worker.stop()
    }
}
