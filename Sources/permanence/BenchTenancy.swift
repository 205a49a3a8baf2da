import Agenda
import ArgumentParser
import Foundation
import GRDB
import JSONRPC
import Kernel
import Server

#if canImport(Glibc)
    import Glibc
#endif

/// `permanence bench tenancy`: one server answering for many generated practices.
///
/// Writes `--practices` files (4 practitioners and one site each, a year of weekday schedules),
/// fills one database with `--appointments` appointments spread over every practitioner's year
/// and a few patients per practice, then starts the server on them as `serve --practices` does and
/// measures: start-up time and resident memory, `calls.identify` by a random practice's number,
/// `agenda.findSlots` in one practice beside `kernel.ping` in the same run (over TCP), and durable
/// bookings per second in random practices with `--connections` clients.
struct BenchTenancy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenancy",
        abstract: "Start-up, memory, calls.identify, findSlots beside ping and bookings/s with many practices in one server.")

    @Option(help: "Practices to generate.") var practices = 500
    @Option(help: "Appointments in the database, spread over every practitioner.") var appointments = 5_000_000
    @Option(help: "Timed calls per measure.") var samples = 2000
    @Option(help: "Bookings timed.") var bookings = 2000
    @Option(help: "Concurrent connections for bookings.") var connections = 16
    @Option(help: "Keep the practices and the filled database in this directory; a later run given the same directory skips the fill.")
    var keep: String?

    static let practitionersPerPractice = 4
    static let patientsPerPractice = 10

    /// A practice of the bench: its id, number and file.
    static func practiceYAML(_ n: Int) -> String {
        var y = """
            practice:
              id: \(id(n))
              name: Cabinet \(n)
              timezone: Europe/Paris
              holidays: france
              numbers: ["\(number(n))"]
            sites:
              - {id: centre, name: Cabinet \(n), phoneHours: {monday: ["08:00-19:00"], tuesday: ["08:00-19:00"], wednesday: ["08:00-19:00"], thursday: ["08:00-19:00"], friday: ["08:00-19:00"]}}
            practitioners:

            """
        for i in 0..<practitionersPerPractice {
            y += """
                  - id: p\(i)
                    name: Dr Praticien \(n)-\(i)
                    specialty: médecine générale
                    acceptsNewPatients: true
                    schedule:
                      centre: {monday: ["08:30-12:00", "14:00-19:00"], tuesday: ["08:30-12:00", "14:00-19:00"], wednesday: ["08:30-12:00", "14:00-19:00"], thursday: ["08:30-12:00", "14:00-19:00"], friday: ["08:30-12:00", "14:00-19:00"]}
                    appointmentTypes:
                      - {id: consultation, label: Consultation, minutes: 15, horizonDays: 400}

                """
        }
        return y
    }

    static func id(_ n: Int) -> String { String(format: "cab-%04d", n) }
    /// `+33465` and six digits: a French geographic number per practice.
    static func number(_ n: Int) -> String { String(format: "+33465%06d", 100_000 + n) }
    static func caller(_ practice: Int, _ k: Int) -> String { String(format: "+3361%07d", practice * 100 + k) }

    func run() async throws {
        let dir =
            keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("permanence-bench-tenancy-\(UUID().uuidString)")
        let files = dir.appendingPathComponent("practices")
        let db = dir.appendingPathComponent("service.sqlite").path
        let reused = keep != nil && FileManager.default.fileExists(atPath: db)
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: dir) } }
        for n in 0..<practices where !reused {
            try Self.practiceYAML(n).write(to: files.appendingPathComponent("\(Self.id(n)).yaml"), atomically: true, encoding: .utf8)
        }
        // A Monday morning; the appointments fill the year that follows.
        let now = RFC3339.parse("2026-01-05T07:00:00+01:00")!
        let runtime = try RuntimeOptions.parse(["--practices", files.path, "--db", db, "--clock", RFC3339.format(now, in: .current)])
        print("permanence bench tenancy — \(practices) practices, \(practices * Self.practitionersPerPractice) practitioners, database \(db)")

        // 1. Fill the database (not timed): the same start-up on an empty database, then the data.
        var t0 = DispatchTime.now().uptimeNanoseconds
        var emptyStart = Double.nan
        var loaded = 0
        if reused {
            let store = try Store(path: db)
            loaded = try await store.sqlite!.read { db in try db.value(Int.self, "SELECT count(*) FROM agenda_appointment") ?? 0 }
            try store.close()
            print("reusing the database filled by an earlier run: \(loaded) appointments")
        } else {
            let empty = try await runtime.makePracticeHosts()
            emptyStart = Self.seconds(since: t0)
            try await empty.service.store.sqlite!.writeWithoutTransaction { db in try db.run("PRAGMA synchronous = FULL") }
            t0 = DispatchTime.now().uptimeNanoseconds
            loaded = try await fill(empty, from: now)
            print(String(format: "filled: %d appointments and %d patients in %.1f s", loaded, practices * Self.patientsPerPractice, Self.seconds(since: t0)))
            await empty.shutdown()
        }

        // 2. Start-up as `serve --practices` does, on the filled database.
        let rssBefore = Self.residentMiB()
        t0 = DispatchTime.now().uptimeNanoseconds
        let served = try await runtime.makePracticeHosts()
        let start = Self.seconds(since: t0)
        let rssServed = Self.residentMiB()
        try await served.service.store.sqlite!.writeWithoutTransaction { db in try db.run("PRAGMA synchronous = FULL") }
        let server = try await TCPServer.start(host: "127.0.0.1", port: 0, dispatcher: Dispatcher(practices: served))
        let secretary = try served.service.tokens.create(name: "pool-\(UUID().uuidString.prefix(8))", role: .secretary, practices: nil, at: now)
        let client = try BenchClient(port: server.port, token: secretary)
        var rng = SeededGenerator(seed: 7)

        // 2b. The reminders of imported appointments are planned in the background after the start
        // (batches that let calls' writes through): durable writes (patients.create) timed meanwhile,
        // until no appointment is left for the planning.
        let horizon = now.addingTimeInterval(ReminderWorker.planningHorizonDays * 86_400)
        var duringPlanning: [Double] = []
        func planningLeft() async throws -> Bool {
            try await served.service.store.read { db in
                try db.value(
                    Bool.self,
                    """
                    SELECT EXISTS (SELECT 1 FROM agenda_appointment INDEXED BY agenda_appointment_practice_unconsidered
                      WHERE reminderConsidered = 0 AND status = 'booked' AND start < ?)
                    """, [horizon.timeIntervalSince1970]) ?? false
            }
        }
        while try await planningLeft() {
            let n = Int.random(in: 0..<practices, using: &rng)
            let (t, created) = try client.time(
                "patients.create",
                [
                    "practiceId": .string(Self.id(n)), "lastName": .string("Pendant\(duringPlanning.count)"), "firstName": "Planif",
                    "birthDate": "1980-01-01", "phone": .string(Self.caller(n, 90))
                ])
            guard created["id"] != nil else { throw ValidationError("patients.create: \(created)") }
            duringPlanning.append(t)
        }
        let planned = Self.seconds(since: t0)

        let pressureBefore = Self.ioPressure()

        // 3. calls.identify by a random practice's number and one of its patients' (or an unknown) number.
        var identify: [Double] = []
        for _ in 0..<samples {
            let n = Int.random(in: 0..<practices, using: &rng)
            let k = Int.random(in: 0..<(Self.patientsPerPractice + 2), using: &rng)
            let (t, sheet) = try client.time("calls.identify", ["dialled": .string(Self.number(n)), "caller": .string(Self.caller(n, k))])
            guard sheet["practice"]?["id"] == .string(Self.id(n)) else { throw ValidationError("calls.identify opened \(sheet["practice"] ?? .null)") }
            identify.append(t)
        }

        // 4. findSlots in one practice (14 days of one practitioner) beside kernel.ping, interleaved.
        var ping: [Double] = []
        var find: [Double] = []
        let one = Self.id(Int.random(in: 0..<practices, using: &rng))
        for _ in 0..<samples {
            ping.append(try client.time("kernel.ping", [:]).seconds)
            let day = Double(Int.random(in: 0..<330, using: &rng))
            find.append(
                try client.time(
                    "agenda.findSlots",
                    [
                        "practiceId": .string(one), "appointmentTypeId": "consultation",
                        "practitionerIds": [.string("p\(Int.random(in: 0..<Self.practitionersPerPractice, using: &rng))")],
                        "from": .string(RFC3339.format(now.addingTimeInterval(day * 86_400), in: .current)),
                        "to": .string(RFC3339.format(now.addingTimeInterval((day + 14) * 86_400), in: .current)), "newPatient": false
                    ]
                ).seconds)
        }

        // 5. Bookings: free slots of random practices, `connections` clients in parallel.
        var targets: [BenchClient.Booking] = []
        var patients: [String: [String]] = [:]
        while targets.count < bookings {
            let practice = Self.id(Int.random(in: 0..<practices, using: &rng))
            if patients[practice] == nil {
                let found = try client.call("patients.search", ["practiceId": .string(practice), "text": "Bench"])["result"]?["patients"]?.arrayValue ?? []
                patients[practice] = found.compactMap { $0["id"]?.stringValue }
            }
            guard let patient = patients[practice]?.randomElement(using: &rng) else { throw ValidationError("no patient in \(practice)") }
            let day = Double(Int.random(in: 0..<330, using: &rng))
            let slots =
                try client.call(
                    "agenda.findSlots",
                    [
                        "practiceId": .string(practice), "appointmentTypeId": "consultation",
                        "from": .string(RFC3339.format(now.addingTimeInterval(day * 86_400), in: .current)), "newPatient": false, "limit": 20
                    ])["result"]?.arrayValue ?? []
            for s in slots.prefix(5) {
                targets.append(
                    .init(
                        practiceId: practice, practitionerId: s["practitionerId"]!.stringValue!, siteId: s["siteId"]!.stringValue!,
                        start: s["start"]!.stringValue!, patientId: patient))
            }
        }
        // Distinct slots only: two targets of one slot would race.
        var seen = Set<String>()
        targets = targets.filter { seen.insert("\($0.practiceId) \($0.practitionerId) \($0.start)").inserted }
        let rate = try BenchClient.book(targets, port: server.port, token: secretary, connections: connections)
        let rssEnd = Self.residentMiB()
        let pressureAfter = Self.ioPressure()
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0
        let peak = Self.peakMiB()
        await server.shutdown()
        await served.shutdown()

        // 6. A restart of the running service: the reminders of the imported appointments were
        // planned by the start above, so this is what every later start costs.
        t0 = DispatchTime.now().uptimeNanoseconds
        let restarted = try await runtime.makePracticeHosts()
        let restart = Self.seconds(since: t0)
        await restarted.shutdown()

        print("")
        print("| figure | value | aim |")
        print("| --- | ---: | --- |")
        print(String(format: "| start-up, %d practices, empty database | %.2f s | |", practices, emptyStart))
        print(
            String(format: "| start-up, %d practices, %d appointments, first start (plans their reminders) | **%.2f s** | < 10 s |", practices, loaded, start))
        print(String(format: "| start-up, %d practices, %d appointments, a restart | **%.2f s** | < 10 s |", practices, loaded, restart))
        print(
            String(
                format: "| resident memory: before start-up / served / end (peak) | %.0f / %.0f / %.0f (%.0f) MiB | < 2 GiB |", rssBefore, rssServed, rssEnd,
                peak))
        print(
            String(
                format: "| reminders of the imported appointments planned in the background, done after the start at | %.1f s | |", planned))
        print(
            "| a durable write (patients.create) during that planning: count, p50 / p99 / max | \(duringPlanning.count), \(BenchAgenda.ms(duringPlanning, 0.5)) / \(BenchAgenda.ms(duringPlanning, 0.99)) / \(BenchAgenda.ms(duringPlanning, 1.0)) ms | |"
        )
        print("| threads of the process, served | \(threads) | |")
        let pressure = [pressureBefore, pressureAfter].map { $0.map { String(format: "%.1f %%", $0) } ?? "-" }
        print("| I/O pressure of the machine (\"some\" over 10 s) before / after the timed calls and bookings | \(pressure[0]) / \(pressure[1]) | |")
        print("| calls.identify p50 / p99 | \(BenchAgenda.ms(identify, 0.5)) / **\(BenchAgenda.ms(identify, 0.99))** ms | p99 < 2 ms |")
        print("| kernel.ping p50 / p99 (same run) | \(BenchAgenda.ms(ping, 0.5)) / \(BenchAgenda.ms(ping, 0.99)) ms | |")
        print(
            "| agenda.findSlots in one practice, 14 d, p50 / p99 | \(BenchAgenda.ms(find, 0.5)) / **\(BenchAgenda.ms(find, 0.99))** ms | p99 ≤ 3 × ping p99 |")
        print(String(format: "| bookings/s, durable, %d connections, random practices | **%.0f** | ≥ 1,000 |", connections, rate))
    }

    /// Patients, then appointments over every practitioner's year: each weekday slot of the schedule
    /// taken with the probability that gives `appointments` in all.
    private func fill(_ practices: PracticeHosts, from now: Date) async throws -> Int {
        let perPractitioner = appointments / max(1, self.practices * Self.practitionersPerPractice)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        // Local starts of the year's weekday slots (34 a day).
        var slots: [Date] = []
        var day = calendar.startOfDay(for: now.addingTimeInterval(86_400))
        for _ in 0..<365 {
            let weekday = calendar.component(.weekday, from: day)
            if weekday != 1 && weekday != 7 {
                for (from, to) in [(8 * 60 + 30, 12 * 60), (14 * 60, 19 * 60)] {
                    for minute in stride(from: from, to: to, by: 15) { slots.append(day.addingTimeInterval(Double(minute * 60))) }
                }
            }
            day = calendar.date(byAdding: .day, value: 1, to: day)!
        }
        let take = min(1, Double(perPractitioner) / Double(slots.count))
        var rng = SeededGenerator(seed: 42)
        var loaded = 0
        let admin = Dispatcher(practices: practices).openSession(transport: .inProcess, role: .admin, actor: "bench", sink: { _ in })
        let dispatcher = Dispatcher(practices: practices)
        for host in practices.hosts {
            let n = Int(host.practiceId.dropFirst(4)) ?? 0
            for k in 0..<Self.patientsPerPractice {
                let created = await dispatcher.call(
                    Request(
                        method: "patients.create",
                        params: [
                            "practiceId": .string(host.practiceId), "lastName": .string("Patient\(k)"), "firstName": "Bench", "birthDate": "1980-01-01",
                            "phone": .string(Self.caller(n, k))
                        ], id: 1), session: admin)
                if case .failure(let e) = created { throw ValidationError("patients.create: \(e.message)") }
            }
            guard let agenda = host.plugins.lazy.compactMap({ $0 as? AgendaPlugin }).first else { throw ValidationError("no agenda plugin") }
            var items: [ImportedAppointment] = []
            for p in 0..<Self.practitionersPerPractice {
                for start in slots where Double.random(in: 0..<1, using: &rng) < take {
                    items.append(
                        ImportedAppointment(
                            practitionerId: "p\(p)", siteId: "centre", appointmentTypeId: "consultation",
                            patientId: "bench-\(Int.random(in: 0..<50_000, using: &rng))", start: start))
                }
            }
            let (core, practiceId, batch) = (agenda.core, host.practiceId, items)
            let result = try await host.store.write { db in try core.importAppointments(batch, by: "bench", at: now, practiceId: practiceId, in: db) }
            loaded += result.imported
        }
        return loaded
    }

    static func seconds(since t0: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 }

    /// The process's resident memory now (`VmRSS`), in MiB.
    /// The share of the last 10 s in which some task waited for I/O (`/proc/pressure/io`, "some
    /// avg10"), in percent; nil where the kernel does not report it. Durable writes follow it.
    static func ioPressure() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/pressure/io", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("some") }),
            let field = line.split(separator: " ").first(where: { $0.hasPrefix("avg10=") })
        else { return nil }
        return Double(field.dropFirst("avg10=".count))
    }

    static func residentMiB() -> Double { status("VmRSS:") }
    /// The most it has been resident (`VmHWM`), in MiB.
    static func peakMiB() -> Double { status("VmHWM:") }

    private static func status(_ key: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
            let kb = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return 0 }
        return kb / 1024
    }
}
