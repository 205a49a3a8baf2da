import Foundation
package import GRDB
import JSONRPC
package import Kernel
package import Practice

/// The agenda: practitioners' schedules as data, slot search, booking that never double-books,
/// absences and iCalendar export (`agenda.*` methods, `agenda_*` tables).
///
/// Built from the configuration's `practitioners` section (schedules, appointment types, reserved
/// blocks, dated exceptions) and the practice directory (sites, time zone, holidays, closures).
package struct AgendaPlugin: Plugin {
    package let id = "agenda"
    package let version = "1.0.0"
    package let namespaces = ["agenda", "calendars", "reminders", "waitlist"]
    package let webhookEvents = [AgendaWebhooks.booked, AgendaWebhooks.cancelled, AgendaWebhooks.rescheduled]
    package let eventTopics =
        [
            "agenda.booked", "agenda.cancelled", "agenda.rescheduled", "agenda.statusChanged",
            "agenda.absenceAdded", "agenda.absenceRemoved"
        ] + PatientSMSEvent.topics
    /// Appointments name their patient: secretaries and above, audited; absences are the practitioners'.
    package let eventAccess: [String: EventAccess] = [
        "agenda.booked": .patientData(), "agenda.cancelled": .patientData(), "agenda.rescheduled": .patientData(),
        "agenda.statusChanged": .patientData(), "agenda.absenceAdded": .operational(.secretary),
        "agenda.absenceRemoved": .operational(.secretary),
        "waitlist.offerSent": .patientData(), "waitlist.offerAnswered": .patientData(),
        "reminders.answered": .patientData(), "reminders.noticeSent": .patientData()
    ]
    package let core: AgendaCore
    /// How subscribed calendars name patients (`calendars.patientNames`).
    package let feedPatientNames: FeedPatientNames

    /// Reads and validates the agenda rules; throws every problem at once with its path and line.
    package init(
        configuration: ConfigurationDocument, directory: PracticeDirectory,
        patients: (any PatientLookup)? = nil
    ) throws(ConfigurationError) {
        var issues: [ConfigurationIssue] = []
        guard let rules = AgendaRules(configuration: configuration, directory: directory, issues: &issues), issues.isEmpty else {
            throw ConfigurationError(issues, source: configuration.source)
        }
        let typeIds = Set(rules.practitioners.flatMap { $0.types.map(\.id) })
        let reminders = ReminderSettings(configuration: configuration, typeIds: typeIds, issues: &issues)
        var texts = reminders.texts
        let waitlist = WaitlistSettings(configuration: configuration, texts: &texts, issues: &issues)
        guard issues.isEmpty else { throw ConfigurationError(issues, source: configuration.source) }
        core = AgendaCore(
            rules: rules, directory: directory, patients: patients ?? PracticePatientLookup(practiceId: directory.practiceId), reminders: reminders,
            waitlist: waitlist, texts: texts)
        feedPatientNames = try FeedPatientNames(configuration: configuration)
    }

    package func registerMigrations(_ migrator: inout DatabaseMigrator) { Self.registerTables(&migrator) }

    /// The same tables on PostgreSQL, as they are today.
    package func registerSchema(_ schema: inout SchemaMigrations) { AgendaSchema.register(&schema) }

    /// The `agenda_*` tables' migrations, in order (the last one needs the kernel's `kernel_database_owner`).
    static func registerTables(_ migrator: inout DatabaseMigrator) {
        AgendaStore.migrate(&migrator)
        CalendarFeedStore.migrate(&migrator)
        ReminderStore.migrate(&migrator)
        WaitlistStore.migrate(&migrator)
        AgendaPracticeMigration.migrate(&migrator)
        AgendaStore.migrateUsage(&migrator)
        ReminderStore.migratePlanning(&migrator)
        // The group slot an appointment shares, for PostgreSQL's overlap constraint (`AgendaSchema.noOverlap`).
        migrator.registerMigration("agenda.v7-slot-share") { db in try db.alter(table: "agenda_appointment") { t in t.add(column: "slotShare", .text) } }
    }

    /// Calendar subscriptions on the HTTP edge (`serve --http`).
    package func httpRoutes(host: KernelHost) -> [HTTPRoute] {
        [CalendarFeedRoute(core: core, patientNames: feedPatientNames).route(host: host)]
    }

    package func methods(host: KernelHost) -> [AnyMethod] {
        host.services.resolve(CallSheet.self)?.add(AgendaCallSheet(practiceId: host.practiceId))
        host.services.resolve(UsageSources.self)?.add(AgendaUsage())
        host.services.register(
            (any AppointmentFigures).self, AgendaFigures(timeZone: core.directory.timeZone, practiceId: host.practiceId) as any AppointmentFigures)
        return [
            AnyMethod(AgendaFindSlotsMethod(core: core)), AnyMethod(AgendaNextAvailableMethod(core: core)), AnyMethod(AgendaBookMethod(core: core)),
            AnyMethod(AgendaCancelMethod(core: core)), AnyMethod(AgendaRescheduleMethod(core: core)), AnyMethod(AgendaSetStatusMethod(core: core)),
            AnyMethod(AgendaAppointmentsMethod(core: core)), AnyMethod(AgendaPatientAppointmentsMethod(core: core)),
            AnyMethod(AgendaAddAbsenceMethod(core: core)),
            AnyMethod(AgendaRemoveAbsenceMethod(core: core)), AnyMethod(AgendaAbsencesMethod(core: core)), AnyMethod(AgendaICSMethod(core: core)),
            AnyMethod(AgendaTypesMethod(core: core)), AnyMethod(CalendarsCreateFeedMethod(core: core)), AnyMethod(CalendarsFeedsMethod()),
            AnyMethod(CalendarsRevokeFeedMethod()), AnyMethod(RemindersListMethod(core: core)), AnyMethod(WaitlistAddMethod(core: core)),
            AnyMethod(WaitlistListMethod(core: core)), AnyMethod(WaitlistRemoveMethod())
        ]
    }
    package func start(host: KernelHost) async throws {
        host.personalData.register(AppointmentPersonalData(practiceId: host.practiceId))
        host.personalData.register(WaitlistPersonalData(practiceId: host.practiceId))
        let replies = PatientReplyListener(followUp: core.followUp, desk: core.desk, directory: core.directory, worker: core.reminderWorker)
        host.inboundSMS.register { sms, context in try await replies.handle(sms, context: context) }
        core.reminderWorker.start(host: host)
    }

    package func stop() async { await core.reminderWorker.stop() }
}

/// What every agenda method shares: the rules, the search, the booking desk.
package struct AgendaCore: Sendable {
    package let rules: AgendaRules
    package let directory: PracticeDirectory
    package let search: SlotSearch
    package let desk: BookingDesk
    let explainer: EmptySearchExplainer
    let patients: any PatientLookup
    /// Reminders, notices and waiting-list offers that follow the agenda's changes.
    package let followUp: AppointmentFollowUp
    let reminderWorker: ReminderWorker

    /// The widest window one call may cover.
    package static let maximumSpanDays = 366

    init(
        rules: AgendaRules, directory: PracticeDirectory, patients: any PatientLookup, reminders: ReminderSettings = ReminderSettings(),
        waitlist: WaitlistSettings = WaitlistSettings(), texts: PatientTexts = PatientTexts()
    ) {
        self.rules = rules
        self.directory = directory
        search = SlotSearch(rules: rules, directory: directory)
        desk = BookingDesk(search: search, patients: patients)
        explainer = EmptySearchExplainer(search: search)
        self.patients = patients
        followUp = AppointmentFollowUp(
            reminders: reminders, waitlist: waitlist, texts: texts, rules: rules, directory: directory,
            desk: desk, patients: patients)
        reminderWorker = ReminderWorker(followUp: followUp)
    }

    /// The caller's standing for a search (see `PatientStanding`): no read without a patient id.
    func standing(patientId: String?, newPatient: Bool?, practiceId: String, store: Store) throws -> PatientStanding {
        guard patientId != nil else { return PatientStanding(flag: newPatient) }
        let patients = self.patients
        return try store.peekSnapshot { db in
            try PatientStanding.of(patientId: patientId, newPatient: newPatient, patients: patients, practiceId: practiceId, in: db)
        }
    }

    func practitioner(_ id: String, field: String = "practitionerId") throws -> PractitionerAgenda {
        guard let p = rules.practitioner(id) else {
            throw RPCError.unprocessable(field: field, "unknown practitioner \"\(id)\"; known: \(rules.practitioners.map(\.id).joined(separator: ", "))")
        }
        return p
    }

    /// Checks `from < to` and the span; names `toField` otherwise.
    func checkWindow(_ from: Date, _ to: Date, toField: String = "to") throws {
        guard from < to else { throw RPCError.unprocessable(field: toField, "must be after from") }
        guard to.timeIntervalSince(from) <= Double(Self.maximumSpanDays) * 86_400 else {
            throw RPCError.unprocessable(field: toField, "the window may cover at most \(Self.maximumSpanDays) days")
        }
    }

    func actor(_ context: RequestContext) -> BookingDesk.Actor {
        BookingDesk.Actor(now: context.now, role: context.role, name: context.actor)
    }

    /// Marks appointments covered by an absence as to be rescheduled.
    func flagged(_ list: [Appointment], absences: [Absence]) -> [Appointment] {
        list.map { a in
            var a = a
            if a.status.occupiesSlot, absences.contains(where: { $0.practitionerId == a.practitionerId && $0.overlaps(a.start, a.end) }) {
                a.toReschedule = true
            }
            return a
        }
    }
}
