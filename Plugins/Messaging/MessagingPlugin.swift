import Foundation
package import GRDB
package import Kernel
package import Practice

/// Messaging: call scripts for open and closed hours, message taking with callback deadlines,
/// the callback queue, repeat callers and prescription renewals.
///
/// Reads the `messaging` section; talks to other modules only through the kernel: the outbox
/// (webhook and SMS in the message's own transaction), the contact journal, events, and the
/// `RepeatCallerPolicy` service that Escalation registers. It registers the `CallbackDesk` (other
/// modules' promises become queue items) and takes dead urgent SMS nobody else followed up.
package struct MessagingPlugin: Plugin {
    package let id = "messaging"
    package let version = "0.1.0"
    package let namespaces = ["messaging"]
    package let webhookEvents = ["messaging.received", "messaging.overdue"]
    package let eventTopics = [
        "messaging.received", "messaging.overdue", "messaging.assigned", "messaging.completed",
        "messaging.reopened", "messaging.urgencyRaised"
    ]
    /// Messages hold what patients said and their callback numbers: secretaries and above, audited.
    package let eventAccess: [String: EventAccess] = [
        "messaging.received": .patientData(), "messaging.overdue": .patientData(), "messaging.assigned": .patientData(),
        "messaging.completed": .patientData(), "messaging.reopened": .patientData(), "messaging.urgencyRaised": .patientData()
    ]
    package let configuration: MessagingConfiguration
    let service: MessagingService
    private let replies: SMSReplyListener

    /// Reads and validates `messaging`; throws every problem at once, with paths and lines.
    package init(configuration document: ConfigurationDocument, directory: PracticeDirectory) throws(ConfigurationError) {
        var issues: [ConfigurationIssue] = []
        let configuration = MessagingConfiguration(
            configuration: document,
            smsPractice: directory.profile.shortName ?? directory.profile.name,
            issues: &issues)
        guard issues.isEmpty else { throw ConfigurationError(issues, source: document.source) }
        self.configuration = configuration
        service = MessagingService(directory: directory, configuration: configuration)
        replies = SMSReplyListener(service: service, configuration: document)
    }

    package func registerMigrations(_ migrator: inout DatabaseMigrator) {
        MessagingStore.migrate(&migrator)
        MessagingStore.migrateOrigins(&migrator)
        MessagingStore.migratePractice(&migrator)
        MessagingStore.migrateUsage(&migrator)
    }

    package func registerSchema(_ schema: inout SchemaMigrations) {
        MessagingSchema.register(&schema)
    }

    package func methods(host: KernelHost) -> [AnyMethod] {
        // The one callback queue: other modules' promises and failed deliveries come here. Registered
        // with the methods, before any plugin starts: Notify's worker, started first, may give up a
        // row at once, and Escalation's worker may exhaust a chain at its first look.
        let desk = MessagingCallbackDesk(service: service, host: host)
        host.services.register((any CallbackDesk).self, desk as any CallbackDesk)
        host.services.resolve(CallSheet.self)?.add(MessagingCallSheet(practiceId: host.practiceId))
        host.services.resolve(UsageSources.self)?.add(MessagingUsage())
        let alerts = UndeliveredAlertListener(desk: desk)
        host.deliveryFailures.registerFallback { failure, db in try alerts.handle(failure, in: db) }
        host.deliveryFailures.registerRecovery { recovery, db in try alerts.recovered(recovery, in: db) }
        return [
            AnyMethod(MessagingScriptMethod(service: service)), AnyMethod(MessagingTakeMethod(service: service)),
            AnyMethod(MessagingListMethod(service: service)), AnyMethod(MessagingGetMethod(service: service)),
            AnyMethod(MessagingAssignMethod(service: service)), AnyMethod(MessagingCompleteMethod(service: service)),
            AnyMethod(MessagingReopenMethod(service: service)), AnyMethod(MessagingPrescriptionRenewalMethod(service: service))
        ]
    }

    package func start(host: KernelHost) async throws {
        let replies = self.replies
        host.inboundSMS.register { sms, context in try await replies.handle(sms, context: context) }
        service.monitor.start(host: host)
        host.personalData.register(MessagePersonalData(practiceId: host.practiceId))
    }

    package func stop() async {
        await service.monitor.stop()
    }
}
