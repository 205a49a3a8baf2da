import Foundation
package import GRDB
package import Kernel

/// The shared domain as a plugin: practice profile, business calendar, patients and the contact journal.
///
/// Other modules get `directory` from this value (the executable wires it) and append to the contact
/// journal through `ContactJournal`; they check patients through `PatientRegistry`; they never read
/// `practice_*` tables. Once started, the directory is also in `KernelHost.services`
/// (`host.services.resolve(PracticeDirectory.self)`).
package struct PracticePlugin: Plugin {
    package let id = "practice"
    package let version = "0.1.0"
    package let namespaces = ["practice", "practices", "calls", "calendar", "patients", "contacts", "privacy", "usage"]
    package let eventTopics = ["patients.created", "patients.updated", "contacts.recorded"]
    /// Patient records and contacts: for those who may read them (see `EventAccess`).
    package let eventAccess: [String: EventAccess] = [
        "patients.created": .patientData(), "patients.updated": .patientData(), "contacts.recorded": .patientData()
    ]
    package let directory: PracticeDirectory
    /// The retention purge (`privacy.retention`), run daily and by `privacy.purge`.
    package let retention: RetentionJob

    /// Reads the practice's sections; throws every problem at once.
    package init(configuration: ConfigurationDocument) throws(ConfigurationError) {
        var issues: [ConfigurationIssue] = []
        let directory = PracticeDirectory(configuration: configuration, issues: &issues)
        let policy = RetentionPolicy(configuration: configuration, issues: &issues)
        guard let directory, issues.isEmpty else {
            throw ConfigurationError(issues, source: configuration.source)
        }
        self.directory = directory
        retention = RetentionJob(policy: policy)
    }

    package func registerMigrations(_ migrator: inout DatabaseMigrator) {
        PracticeStore.migrateContacts(&migrator)
        PracticeStore.migratePatients(&migrator)
        PracticeStore.migratePatientErasure(&migrator)
        PracticeStore.migratePractice(&migrator)
    }

    package func registerSchema(_ schema: inout SchemaMigrations) {
        PracticeSchema.register(&schema)
    }

    package func methods(host: KernelHost) -> [AnyMethod] {
        // The call sheet the other modules add their sections to, from their own `methods(host:)`.
        let sheet = CallSheet()
        host.services.register(CallSheet.self, sheet)
        // The billing figures' sources, which the other modules add from their own `methods(host:)`.
        host.services.register(UsageSources.self, UsageSources())
        return [
            AnyMethod(CallsIdentifyMethod(directory: directory, sheet: sheet)),
            AnyMethod(PracticeInfoMethod(directory: directory)),
            AnyMethod(PracticesListMethod(directory: directory)), AnyMethod(PracticesReloadMethod()),
            AnyMethod(PracticeSitesMethod(directory: directory)),
            AnyMethod(PracticePractitionersMethod(directory: directory)),
            AnyMethod(CalendarIsOpenMethod(directory: directory)),
            AnyMethod(CalendarOpeningHoursMethod(directory: directory)),
            AnyMethod(CalendarNextBusinessDayMethod(directory: directory)),
            AnyMethod(PatientsCreateMethod(directory: directory)),
            AnyMethod(PatientsGetMethod()),
            AnyMethod(PatientsUpdateMethod(directory: directory)),
            AnyMethod(PatientsSearchMethod()),
            AnyMethod(PatientsAddRelatedPersonMethod()),
            AnyMethod(PatientsRemoveRelatedPersonMethod()),
            AnyMethod(ContactsRecordMethod()),
            AnyMethod(ContactsHistoryMethod()),
            AnyMethod(PatientsExportMethod()), AnyMethod(PatientsEraseMethod()), AnyMethod(PrivacyPurgeMethod(job: retention)),
            AnyMethod(UsageReportMethod())
        ]
    }

    package func start(host: KernelHost) async throws {
        host.services.register(PracticeDirectory.self, directory)
        host.personalData.register(PatientPersonalData(practiceId: host.practiceId))
        host.personalData.register(ContactPersonalData(practiceId: host.practiceId))
        retention.start(host: host)
    }

    package func stop() async { await retention.stop() }
}
