import Foundation
import GRDB
import JSONRPC
import Kernel
import Notify
import PermanenceTesting
import Practice
import Synchronization
import Testing

@testable import Agenda

/// A host with practice, Notify's opt-out list, a recording callback queue and the agenda, on a
/// manual clock: books, moves the clock, runs the reminder worker's scan and routes SMS replies.
final class ReminderHarness: Sendable {
    let host: KernelHost
    let clock: ManualClock
    let dispatcher: Dispatcher
    let plugin: AgendaPlugin
    let callbacks = RecordingCallbackDesk()

    /// Patients and their mobiles.
    static let phones = [
        "pat-dupont": "+33611000001", "pat-leroy": "+33611000002", "pat-moreau": "+33611000003",
        "pat-petit": "+33611000004", "pat-garcia": "+33611000005",
        // Léa is Jeanne Dupont's daughter: her appointments are booked with her mother's mobile.
        "pat-dupont-lea": "+33611000001"
    ]
    static let patients = FixedPatientLookup(
        [
            "pat-dupont": "DUPONT Jeanne", "pat-leroy": "LEROY Hugo", "pat-moreau": "MOREAU Inès",
            "pat-petit": "PETIT Louis", "pat-garcia": "GARCIA Lucía", "pat-dupont-lea": "DUPONT Léa"
        ], phones: phones)

    /// One practitioner, Monday to Saturday 08:00–21:00, 20-minute consultations bookable 90 days ahead.
    static func yaml(extra: String = "") -> String {
        """
        practice:
          name: Cabinet des Tilleuls
          shortName: Cab. Tilleuls
          timezone: Europe/Paris
          phone: "+33465710010"
          holidays: france
        sites:
          - {id: centre, name: Centre, phoneHours: {monday: ["08:00-19:00"]}}
        practitioners:
          - id: dr-martin
            name: Dr Claire Martin
            specialty: médecine générale
            mobile: "+33699999999"
            schedule:
              centre: {monday: ["08:00-21:00"], tuesday: ["08:00-21:00"], wednesday: ["08:00-21:00"], thursday: ["08:00-21:00"], friday: ["08:00-21:00"], saturday: ["08:00-21:00"]}
            appointmentTypes:
              - {id: consultation, label: Consultation, minutes: 20, horizonDays: 90, minNoticeMinutes: 0}
        \(extra)
        """
    }

    init(yaml: String = ReminderHarness.yaml(), now: String, store: Store? = nil) async throws {
        let doc = try ConfigurationDocument(yaml: yaml)
        clock = ManualClock(instant(now))
        let chosen: Store
        if let store { chosen = store } else { chosen = try await TestStore.make() }
        host = try KernelHost(store: chosen, clock: clock, configuration: doc)
        let practice = try PracticePlugin(configuration: doc)
        plugin = try AgendaPlugin(configuration: doc, directory: practice.directory, patients: Self.patients)
        try await host.install([practice, OptOutsOnly(), plugin])
        host.services.register((any CallbackDesk).self, callbacks as any CallbackDesk)
        dispatcher = Dispatcher(host: host)
    }

    func shutdown() async { await host.shutdown() }

    func call(_ method: String, _ params: JSONValue) async -> Result<JSONValue, RPCError> {
        let session = dispatcher.openSession(transport: .inProcess, role: .secretary, actor: "secretaire", sink: { _ in })
        defer { dispatcher.closeSession(session) }
        switch await dispatcher.call(Request(method: method, params: params, id: 1), session: session) {
        case .success(let bytes): return .success(try! JSONParser.parse(bytes))
        case .failure(let e): return .failure(e)
        }
    }

    func ok(_ method: String, _ params: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        switch await call(method, params) {
        case .success(let v): return v
        case .failure(let e):
            Issue.record("\(method) failed: \(e)", sourceLocation: sourceLocation)
            throw e
        }
    }

    /// Books a consultation with dr-martin at a Paris wall-clock time; returns the appointment id.
    func book(_ patient: String, _ date: String, _ time: String) async throws -> String {
        let a = try await ok(
            "agenda.book",
            [
                "practitionerId": "dr-martin", "siteId": "centre", "start": paris(date, time),
                "appointmentTypeId": "consultation", "patientId": .string(patient)
            ])
        return a["id"]!.stringValue!
    }

    /// The appointment's reminder rows.
    func reminders(_ appointmentId: String) async throws -> [Reminder] {
        try await host.store.read { db in
            try db.rows("SELECT * FROM agenda_reminder WHERE appointmentId = ? ORDER BY rowid", [appointmentId]).map(Reminder.init(row:))
        }
    }

    /// Moves the clock to `date time` (Paris) and runs the worker's scan, as its wake-up would.
    func at(_ date: String, _ time: String) async throws {
        clock.set(LocalDateTime(LocalDate(date)!, LocalTime(time)!).instant(in: paris)!)
        try await ReminderWorker.scan(followUp: plugin.core.followUp, host: host, now: clock.now())
    }

    /// SMS in the outbox to `phone`, oldest first.
    func sms(to phone: String) async throws -> [String] {
        try await host.store.read { db in
            try db.values(String.self, "SELECT payload FROM outbox WHERE channel = 'sms' AND destination = ? ORDER BY id", [phone])
        }
    }

    /// A patient's reply, as `notify.inboundSms` hands it to the listeners.
    func reply(_ patient: String, _ text: String) async throws -> InboundSMSRouter.Handling? {
        let session = dispatcher.openSession(transport: .inProcess, role: .integration, actor: "gateway", sink: { _ in })
        defer { dispatcher.closeSession(session) }
        let context = RequestContext(host: host, session: session, requestID: nil, method: "notify.inboundSms")
        return try await host.inboundSMS.route(.init(from: Self.phones[patient]!, text: text, receivedAt: clock.now()), context: context)
    }

    func status(_ appointmentId: String) async throws -> String? {
        let practiceId = host.practiceId
        return try await host.store.read { db in try AgendaStore.appointment(id: appointmentId, practiceId: practiceId, in: db)?.status.rawValue }
    }
}

/// Notify's opt-out list alone (its table and its `SMSOptOuts` service), without the delivery worker.
struct OptOutsOnly: Plugin {
    let id = "notify"
    let version = "test"
    let namespaces = ["notify"]
    func registerMigrations(_ migrator: inout DatabaseMigrator) { OptOutStore.registerMigrations(&migrator) }
    /// On PostgreSQL Notify's tables come as one step: all of them.
    func registerSchema(_ schema: inout SchemaMigrations) { NotifySchema.register(&schema) }
    func methods(host: KernelHost) -> [AnyMethod] {
        host.services.register((any SMSOptOuts).self, NotifyOptOuts(practiceId: host.practiceId) as any SMSOptOuts)
        return []
    }
}

/// A callback queue that records what it is given.
final class RecordingCallbackDesk: CallbackDesk {
    private let requests = Mutex<[CallbackRequest]>([])
    var all: [CallbackRequest] { requests.withLock { $0 } }
    func enqueue(_ request: CallbackRequest, actor: String, now: Date, in db: any StoreConnection) throws -> QueuedCallback {
        let n = requests.withLock {
            $0.append(request)
            return $0.count
        }
        return QueuedCallback(messageId: "mes_\(n)", code: "M0000\(n)", dueAt: now, created: true)
    }
}
