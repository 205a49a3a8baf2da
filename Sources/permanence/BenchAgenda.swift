import Agenda
import ArgumentParser
import Foundation
import GRDB
import JSONRPC
import Kernel
import PostgresStore
import Practice
import Server
import ThrowawayPostgres

/// `permanence bench agenda`: slot search and booking on a generated practice, over TCP, beside kernel.ping.
///
/// 40 practitioners (4 specialties), 3 sites, a year of weekday schedules; the appointments table is
/// filled to each level (10k, 50k, 150k by default) with random slots of the year, then the command
/// measures p50/p99 of `agenda.findSlots` (one practitioner, 14 days), `agenda.nextAvailable` (one
/// specialty, 90 days) and `kernel.ping` over one TCP connection, and bookings per second with
/// 16 connections on a file database whose commits are durable (`PRAGMA synchronous = FULL`).
struct BenchAgenda: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "findSlots / nextAvailable latency and bookings/s at 10k, 50k and 150k appointments.")

    @Option(help: "Appointment counts to measure at, comma-separated.") var levels = "10000,50000,150000"
    @Option(help: "Timed calls per measure.") var samples = 400
    @Option(help: "Bookings timed per level.") var bookings = 2000
    @Option(help: "Concurrent connections for bookings.") var connections = 16
    @Option(
        help: ArgumentHelp(
            "postgresql: on a durable PostgreSQL cluster of its own (started and stopped here); postgres://…: on that database, which must be empty. Default: a SQLite file (synchronous=FULL).",
            valueName: "postgresql|url"))
    var db: String?

    static let specialties = ["médecine générale", "pédiatrie", "dermatologie", "kinésithérapie"]

    static func practiceYAML(practitioners: Int) -> String {
        var y = """
            practice:
              name: Centre de santé de banc d'essai
              timezone: Europe/Paris
              holidays: france
            sites:
              - {id: nord, name: Site Nord, phoneHours: {monday: ["08:00-19:00"]}}
              - {id: centre, name: Site Centre, phoneHours: {monday: ["08:00-19:00"]}}
              - {id: sud, name: Site Sud, phoneHours: {monday: ["08:00-19:00"]}}
            practitioners:

            """
        let sites = ["nord", "centre", "sud"]
        for i in 0..<practitioners {
            let a = sites[i % 3]
            let b = sites[(i + 1) % 3]
            y += """
                  - id: p\(i)
                    name: Dr Praticien \(i)
                    specialty: \(specialties[i % specialties.count])
                    acceptsNewPatients: true
                    schedule:
                      \(a): {monday: ["08:30-12:00", "14:00-19:00"], tuesday: ["08:30-12:00", "14:00-19:00"], wednesday: ["08:30-12:00"]}
                      \(b): {thursday: ["08:30-12:00", "14:00-19:00"], friday: ["08:30-12:00", "14:00-19:00"], saturday: ["09:00-12:00"]}
                    appointmentTypes:
                      - {id: consultation, label: Consultation, minutes: 15, horizonDays: 400}
                      - {id: longue, label: Consultation longue, minutes: 30, horizonDays: 400}
                      - {id: urgence, label: Urgence, minutes: 15, bookableBy: [staff], releaseHoursBefore: 2}
                    reservedBlocks:
                      - {site: \(a), days: [monday, tuesday], time: "11:30-12:00", types: [urgence]}

                """
        }
        return y
    }

    /// Accepts the generated patients `bench-N`.
    struct BenchPatients: PatientLookup {
        func patientName(id: String, in db: any StoreConnection) throws -> String?? { id.hasPrefix("bench-") ? .some("PATIENT \(id)") : nil }
    }

    func run() async throws {
        guard db == "postgresql" else { return try await measure(url: db) }
        let cluster = try await PostgresCluster.start(durable: true)
        do {
            try await measure(url: try await cluster.makeDatabase())
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    /// Measures on the PostgreSQL database at `url`, or on a new SQLite file when nil.
    func measure(url: String?) async throws {
        let levels = self.levels.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.sorted()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("permanence-bench-agenda-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let document = try ConfigurationDocument(yaml: Self.practiceYAML(practitioners: 40))
        let store: Store
        if let url {
            store = Store(server: try await PostgresDatabase.open(url: url, connections: connections))
        } else {
            store = try Store(path: dir.appendingPathComponent("bench.sqlite").path)
            try await store.sqlite!.writeWithoutTransaction { db in try db.run("PRAGMA synchronous = FULL") }
        }
        let now = RFC3339.parse("2026-01-05T07:00:00+01:00")!
        let host = try KernelHost(store: store, clock: ManualClock(now), configuration: document)
        let practice = try PracticePlugin(configuration: document)
        let agenda = try AgendaPlugin(configuration: document, directory: practice.directory, patients: BenchPatients())
        try await host.install([practice, agenda])
        let dispatcher = Dispatcher(host: host)
        let server = try await TCPServer.start(host: "127.0.0.1", port: 0, dispatcher: dispatcher)
        let token = try host.tokens.create(name: "bench", role: .staff, at: now)
        print(
            "permanence bench agenda — 40 practitioners, 3 sites, a year of schedules; database \(store.path) (\(url == nil ? "synchronous=FULL" : "synchronous_commit on"))"
        )

        // Every slot of the year, from the agenda itself, shuffled with a fixed seed.
        var pool: [(String, String, String)] = [] // practitioner, site, start
        let admin = dispatcher.openSession(transport: .inProcess, role: .admin, actor: "bench", sink: { _ in })
        for i in 0..<40 {
            var from = now
            let end = now.addingTimeInterval(365 * 86_400)
            while from < end {
                let to = min(end, from.addingTimeInterval(30 * 86_400))
                let r = await dispatcher.call(
                    Request(
                        method: "agenda.findSlots",
                        params: [
                            "appointmentTypeId": "consultation", "practitionerIds": [.string("p\(i)")],
                            "from": .string(RFC3339.format(from, in: host.timeZone)),
                            "to": .string(RFC3339.format(to, in: host.timeZone)), "newPatient": false, "limit": 1000
                        ], id: 1), session: admin)
                for s in try JSONParser.parse(r.get()).arrayValue ?? [] {
                    pool.append((s["practitionerId"]!.stringValue!, s["siteId"]!.stringValue!, s["start"]!.stringValue!))
                }
                from = to
            }
        }
        var rng = SeededGenerator(seed: 42)
        pool.shuffle(using: &rng)
        print("slots in the year: \(pool.count)")

        let pinger = try BenchClient(port: server.port, token: token)
        var loaded = 0
        var next = 0
        var rows: [String] = []
        for level in levels {
            // Fill to the level.
            while loaded < level && next < pool.count {
                let chunk = pool[next..<min(pool.count, next + min(5000, level - loaded))]
                next += chunk.count
                let items = chunk.map {
                    ImportedAppointment(
                        practitionerId: $0.0, siteId: $0.1, appointmentTypeId: "consultation",
                        patientId: "bench-\(Int.random(in: 0..<50_000, using: &rng))", start: RFC3339.parse($0.2)!)
                }
                let core = agenda.core
                let result = try await store.write { db in try core.importAppointments(items, by: "bench", at: now, practiceId: host.practiceId, in: db) }
                loaded += result.imported
            }
            let total = try await store.read { db in try db.value(Int.self, "SELECT COUNT(*) FROM agenda_appointment")! }
            // A serving server has searched its agendas before: one pass over every practitioner's year
            // loads their occupied time (searches after a change are measured apart below).
            for i in 0..<40 {
                _ = try pinger.call(
                    "agenda.findSlots",
                    [
                        "appointmentTypeId": "consultation", "practitionerIds": [.string("p\(i)")],
                        "from": .string(RFC3339.format(now, in: host.timeZone)),
                        "to": .string(RFC3339.format(now.addingTimeInterval(365 * 86_400), in: host.timeZone)),
                        "newPatient": false, "limit": 1
                    ])
            }
            var ping: [Double] = []
            var find: [Double] = []
            var findAll: [Double] = []
            var nextAvail: [Double] = []
            var findInProcess: [Double] = []
            var findAfterChange: [Double] = []
            var found = 0
            for n in 0..<samples {
                ping.append(try pinger.time("kernel.ping", [:]).seconds)
                let day = Double(Int.random(in: 0..<330, using: &rng))
                let from = RFC3339.format(now.addingTimeInterval(day * 86_400), in: host.timeZone)
                let to = RFC3339.format(now.addingTimeInterval((day + 14) * 86_400), in: host.timeZone)
                let p = "p\(n % 40)"
                find.append(
                    try pinger.time(
                        "agenda.findSlots",
                        [
                            "appointmentTypeId": "consultation", "practitionerIds": [.string(p)],
                            "from": .string(from), "to": .string(to), "newPatient": false
                        ]
                    ).seconds)
                // The same request line answered as the connection answers it, without the socket:
                // what the server's work costs (parse, search, reply written).
                let line = Array(
                    JSONWriter.string(
                        Request(
                            method: "agenda.findSlots",
                            params: [
                                "appointmentTypeId": "consultation", "practitionerIds": [.string(p)], "from": .string(from), "to": .string(to),
                                "newPatient": false
                            ], id: 1
                        ).jsonValue
                    ).utf8)
                let t0 = DispatchTime.now().uptimeNanoseconds
                if store.server == nil {
                    guard case .answered(let reply?) = dispatcher.answerInline(line: line, session: admin), reply.count > 1000 else {
                        throw ValidationError("findSlots was not answered inline")
                    }
                } else {
                    // On a server no method is answered inline: the same call through a task, without the socket.
                    let reply = try await dispatcher.call(
                        Request(
                            method: "agenda.findSlots",
                            params: [
                                "appointmentTypeId": "consultation", "practitionerIds": [.string(p)], "from": .string(from), "to": .string(to),
                                "newPatient": false
                            ], id: 1), session: admin
                    ).get()
                    guard reply.count > 1000 else { throw ValidationError("findSlots answered too little: \(reply.count) bytes") }
                }
                findInProcess.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                let (t, v) = try pinger.time(
                    "agenda.findSlots",
                    [
                        "appointmentTypeId": "consultation", "practitionerIds": [.string(p)],
                        "from": .string(from), "to": .string(to), "newPatient": false, "limit": 1000
                    ])
                findAll.append(t)
                found += v.arrayValue?.count ?? 0
                nextAvail.append(
                    try pinger.time(
                        "agenda.nextAvailable",
                        [
                            "appointmentTypeId": "consultation", "specialty": .string(Self.specialties[n % Self.specialties.count]),
                            "from": .string(from), "withinDays": 90, "newPatient": false
                        ]
                    ).seconds)
                // A booking, then a search of that practitioner's fortnight from its day: the week that
                // changed is read again from the database.
                if next < pool.count {
                    let (bp, bs, bstart) = pool[next]
                    next += 1
                    _ = try pinger.time(
                        "agenda.book",
                        [
                            "practitionerId": .string(bp), "siteId": .string(bs), "start": .string(bstart),
                            "appointmentTypeId": "consultation", "patientId": .string("bench-s\(n)"), "newPatient": false
                        ])
                    let bookedDay = RFC3339.parse(bstart)!
                    findAfterChange.append(
                        try pinger.time(
                            "agenda.findSlots",
                            [
                                "appointmentTypeId": "consultation", "practitionerIds": [.string(bp)],
                                "from": .string(RFC3339.format(bookedDay.addingTimeInterval(-43_200), in: host.timeZone)),
                                "to": .string(RFC3339.format(bookedDay.addingTimeInterval(14 * 86_400), in: host.timeZone)), "newPatient": false
                            ]
                        ).seconds)
                }
            }
            // Bookings: distinct free slots, `connections` clients in parallel.
            let targets = Array(pool[next..<min(pool.count, next + bookings)])
            next += targets.count
            let rate = try BenchClient.book(targets, port: server.port, token: token, connections: connections)
            rows.append(
                "| \(total) | \(Self.ms(ping, 0.5)) / \(Self.ms(ping, 0.99)) | \(Self.ms(find, 0.5)) / \(Self.ms(find, 0.99)) | "
                    + "\(Self.ms(findInProcess, 0.5)) / \(Self.ms(findInProcess, 0.99)) | "
                    + "\(Self.ms(findAfterChange, 0.5)) / \(Self.ms(findAfterChange, 0.99)) | "
                    + "\(Self.ms(findAll, 0.5)) / \(Self.ms(findAll, 0.99)) (\(found / max(1, samples)) slots) | "
                    + "\(Self.ms(nextAvail, 0.5)) / \(Self.ms(nextAvail, 0.99)) | \(Int(rate.rounded())) |")
            print("at \(total) appointments: done")
        }
        print("")
        print(
            "| appointments | kernel.ping p50 / p99 ms | findSlots 14 d, limit 50 p50 / p99 ms | same, server work only p50 / p99 ms | same, just after a booking in it p50 / p99 ms | findSlots 14 d, whole window p50 / p99 ms | nextAvailable 90 d p50 / p99 ms | bookings/s (durable, \(connections) conns) |"
        )
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in rows { print(r) }
        await server.shutdown()
        await host.shutdown()
    }

    static func ms(_ values: [Double], _ q: Double) -> String {
        let s = values.sorted()
        guard !s.isEmpty else { return "-" }
        return String(format: "%.3f", s[min(s.count - 1, Int(Double(s.count - 1) * q))] * 1000)
    }
}

/// A deterministic random generator (SplitMix64), so every run benches the same data.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
