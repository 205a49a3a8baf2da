import Agenda
import ArgumentParser
import Foundation
import GRDB
import Kernel
import NIOCore
import Notify
import Practice

/// `permanence bench reminders`: a fortnight of appointments (100,000 across 200 practitioners by
/// default) on a file database; the time to plan one day's reminders and to enqueue them at their
/// due time, and the rate at which Notify delivers them to a loopback SMS gateway.
///
/// The appointments are loaded as an import does (no reminder planned); one working day's are then
/// planned (timed), the clock is set to that evening (every reminder of the day due) and the worker's
/// scan enqueues them (timed: opt-out check, text, outbox row, in batches of 500 per transaction);
/// Notify's worker delivers them meanwhile to a SwiftNIO receiver in this process (timed until the
/// last one is received). Planning the whole fortnight is timed last.
struct BenchReminders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reminders",
        abstract: "Plan and enqueue a day's reminders of 100,000 appointments over 14 days; SMS delivered per second to a loopback gateway.")

    @Option(help: "Appointments loaded over the fortnight.") var appointments = 100_000
    @Option(help: "Practitioners.") var practitioners = 200
    @Option(help: "SMS deliveries in flight at once (notify.concurrency).") var concurrency = 16

    /// Monday 2 March 2026: two weeks without a public holiday.
    static let firstDay = LocalDate("2026-03-02")!

    static func practiceYAML(practitioners: Int, gatewayPort: Int, concurrency: Int) -> String {
        let week =
            #"{monday: ["08:00-19:00"], tuesday: ["08:00-19:00"], wednesday: ["08:00-19:00"], thursday: ["08:00-19:00"], friday: ["08:00-19:00"], saturday: ["08:00-12:00"]}"#
        var y = """
            practice:
              name: Centre de santé de banc d'essai
              shortName: CS Banc
              timezone: Europe/Paris
              phone: "+33465710010"
              holidays: france
            sites:
              - {id: centre, name: Centre, phoneHours: {monday: ["08:00-19:00"]}}
            notify:
              concurrency: \(concurrency)
              sms:
                provider: http
                url: http://127.0.0.1:\(gatewayPort)/sms/send
                method: POST
                headers: {Content-Type: application/json}
                body: '{"to": "{to}", "from": "{from}", "text": "{text}"}'
                from: CSBANC
              webhooks: []
            practitioners:

            """
        for i in 0..<practitioners {
            y += """
                  - id: p\(i)
                    name: Dr Praticien \(i)
                    specialty: médecine générale
                    schedule: {centre: \(week)}
                    appointmentTypes:
                      - {id: consultation, label: Consultation, minutes: 10, horizonDays: 400}

                """
        }
        return y
    }

    /// The generated patients `bench-N`, each with a mobile number of their own.
    struct BenchPatients: PatientLookup {
        func patientName(id: String, in db: any StoreConnection) throws -> String?? { id.hasPrefix("bench-") ? .some("PATIENT \(id)") : nil }
        func phone(id: String, in db: any StoreConnection) throws -> String? {
            guard id.hasPrefix("bench-"), let n = Int(id.dropFirst(6)) else { return nil }
            return String(format: "+3361%07d", n)
        }
    }

    func run() async throws {
        #if DEBUG
            print("warning: debug build; build with `swift build -c release` for meaningful figures")
        #endif
        let receiver = try await BenchReceiver.start()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("permanence-bench-reminders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let document = try ConfigurationDocument(
            yaml: Self.practiceYAML(
                practitioners: practitioners, gatewayPort: receiver.port,
                concurrency: concurrency))
        let store = try Store(path: dir.appendingPathComponent("bench.sqlite").path)
        let zone = TimeZone(identifier: "Europe/Paris")!
        let loadedAt = LocalDateTime(Self.firstDay.adding(days: -1), LocalTime("12:00")!).instant(in: zone)!
        let clock = ManualClock(loadedAt)
        let host = try KernelHost(store: store, clock: clock, configuration: document)
        let practice = try PracticePlugin(configuration: document)
        let notify = try NotifyPlugin(configuration: document)
        let agenda = try AgendaPlugin(configuration: document, directory: practice.directory, patients: BenchPatients())
        try await host.install([practice, notify, agenda])
        // The reminder worker would plan the imported appointments on its own: this command times each step itself.
        await agenda.stop()
        print("permanence bench reminders — \(practitioners) practitioners, \(appointments) appointments over 14 days; database \(store.path)")

        // Every 10-minute start of the fortnight, shuffled with a fixed seed; the first `appointments` are booked.
        var starts: [(Int, Date)] = []
        for day in 0..<14 {
            let date = Self.firstDay.adding(days: day)
            let hours: [(Int, Int)] =
                switch date.weekday {
                case .sunday: []
                case .saturday: [(8 * 60, 12 * 60)]
                default: [(8 * 60, 19 * 60)]
                }
            for (from, to) in hours {
                for minute in stride(from: from, to: to, by: 10) {
                    let start = LocalDateTime(date, LocalTime(minutesSinceMidnight: minute)!).instant(in: zone)!
                    for p in 0..<practitioners { starts.append((p, start)) }
                }
            }
        }
        var rng = SeededGenerator(seed: 7)
        starts.shuffle(using: &rng)
        let chosen = starts.prefix(appointments)
        var loaded = 0
        var index = chosen.startIndex
        while index < chosen.endIndex {
            let chunk = chosen[index..<min(chosen.endIndex, index + 5000)]
            index = chunk.endIndex
            let items = chunk.map {
                ImportedAppointment(
                    practitionerId: "p\($0.0)", siteId: "centre", appointmentTypeId: "consultation",
                    patientId: "bench-\(Int.random(in: 0..<1_000_000, using: &rng))", start: $0.1)
            }
            let core = agenda.core
            loaded += try await store.write { db in try core.importAppointments(items, by: "bench", at: loadedAt, practiceId: host.practiceId, in: db) }
                .imported
        }
        print("appointments loaded: \(loaded)")

        // One working day: Thursday of the first week.
        let day = Self.firstDay.adding(days: 3)
        let dayStart = LocalDateTime(day, .midnight).instant(in: zone)!
        let dayEnd = LocalDateTime(day.adding(days: 1), .midnight).instant(in: zone)!
        var t = ContinuousClock.now
        let planned = try await agenda.core.planReminders(from: dayStart, to: dayEnd, practiceId: host.practiceId, store: store)
        let planSeconds = Self.seconds(since: t)

        // That evening every reminder of the day is due; the scan enqueues them, Notify delivers them meanwhile.
        clock.set(LocalDateTime(day.adding(days: -1), LocalTime("20:00")!).instant(in: zone)!)
        let before = receiver.count
        t = ContinuousClock.now
        let looked = try await agenda.core.sendDueReminders(host: host)
        let enqueueSeconds = Self.seconds(since: t)
        let sent = try await store.read { db in try db.value(Int.self, "SELECT COUNT(*) FROM agenda_reminder WHERE status = 'sent'")! }
        print("reminders planned for \(day): \(planned); enqueued: \(sent)")
        // Delivery: until the receiver has every SMS, or nothing moved for 30 s (then say what the outbox holds).
        var last = receiver.count
        var lastMove = ContinuousClock.now
        while receiver.count < before + sent {
            try await Task.sleep(for: .milliseconds(5))
            if receiver.count != last {
                last = receiver.count
                lastMove = .now
            }
            if lastMove.duration(to: .now) > .seconds(30) {
                let backlog = try await store.read { db in try Outbox.backlog(practiceId: host.practiceId, in: db) }
                throw ValidationError("delivery stalled at \(receiver.count - before) of \(sent); outbox: \(backlog)")
            }
        }
        let deliverSeconds = Self.seconds(since: t)

        t = ContinuousClock.now
        let rest = try await agenda.core.planReminders(
            from: LocalDateTime(Self.firstDay, .midnight).instant(in: zone)!,
            to: LocalDateTime(Self.firstDay.adding(days: 14), .midnight).instant(in: zone)!, practiceId: host.practiceId, store: store)
        let planAllSeconds = Self.seconds(since: t)

        print("")
        print("| step | count | time | rate |")
        print("| --- | ---: | ---: | ---: |")
        print(
            String(format: "| plan one day's reminders (%@) | %d | %.0f ms | %.0f /s |", "\(day)", planned, planSeconds * 1000, Double(planned) / planSeconds))
        print(
            String(
                format: "| enqueue them at their due time | %d (of %d due) | %.0f ms | %.0f /s |", sent, looked, enqueueSeconds * 1000,
                Double(sent) / enqueueSeconds))
        print(String(format: "| plan + enqueue one day | %d | %.2f s | |", sent, planSeconds + enqueueSeconds))
        print(
            String(
                format: "| delivered to the loopback gateway (%d in flight) | %d | %.2f s | %.0f SMS/s |", concurrency, receiver.count - before,
                deliverSeconds, Double(receiver.count - before) / deliverSeconds))
        print(String(format: "| plan the rest of the fortnight | %d | %.0f ms | %.0f /s |", rest, planAllSeconds * 1000, Double(rest) / planAllSeconds))
        await host.shutdown()
        try await receiver.channel.close()
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = start.duration(to: .now)
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
