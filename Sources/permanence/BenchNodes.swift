import ArgumentParser
import Foundation
import JSONRPC
import Kernel
import Synchronization
import ThrowawayPostgres

#if canImport(Glibc)
    import Glibc
#endif

/// `permanence bench nodes`: the service as it is deployed, `serve` processes over TCP: durable
/// bookings per second with the clients spread over the nodes, `agenda.findSlots` p99 beside
/// `kernel.ping` p99, and webhooks delivered per second to a loopback receiver — on one SQLite
/// file (one process), then on one PostgreSQL database with 1 and 3 nodes: a durable throwaway
/// cluster started here, on the same machine as the nodes and the clients, or the server `--db`
/// names (one on machines of its own, as deployed).
struct BenchNodes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodes",
        abstract: "Bookings/s, findSlots p99 beside ping, webhooks/s: serve on SQLite, then on PostgreSQL with 1 and 3 nodes.")

    @Option(help: "Node counts to measure on PostgreSQL, comma-separated.") var nodes = "1,3"
    @Option(help: "Bookings timed per run.") var bookings = 3000
    @Option(help: "Client connections, spread over the nodes.") var connections = 24
    @Option(help: "Timed ping and findSlots calls per run.") var samples = 300
    @Option(help: "Webhooks enqueued (notify.test) per run.") var webhooks = 2000
    @Option(
        help: ArgumentHelp(
            "A PostgreSQL server to measure on instead of a throwaway cluster started here; its user must be allowed to create databases: each run gets a new one named after the URL's (NAME_copy, NAME_n1, NAME_n3…).",
            valueName: "postgres://user@host:port/NAME"))
    var db: String?

    func run() async throws {
        #if DEBUG
            print("warning: debug build; build with `swift build -c release` for meaningful figures")
        #endif
        let counts = nodes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 > 0 }
        let receiver = try await BenchReceiver.start()
        let server = try await BenchDatabases.start(url: db)
        print(
            "permanence bench nodes — 40 practitioners, 3 sites; \(connections) connections; "
                + (db == nil ? "everything on this machine" : "PostgreSQL at \(server.address)"))
        var rows: [String] = []
        do {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("permanence-bench-nodes-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("bench.sqlite").path
            let (row, before) = try await measure("SQLite file (WAL), 1 process", database: file, nodes: 1, receiver: receiver)
            rows.append(row)
            // The SQLite service just measured, moved to PostgreSQL: timed, and asked the same searches.
            let copy = try await server.make("copy")
            let started = ContinuousClock.now
            let copied = try NodeProcess.run(["store", "copy", "--from", file, "--to", copy])
            let seconds = started.duration(to: .now).seconds
            let node = try NodeProcess.start(
                ["serve", "--tcp", "127.0.0.1:0", "--db", copy, "--node", "bench-copy", "--config", try config(in: dir, receiver: receiver).path])
            let token = try NodeProcess.run(["token", "create", "--role", "admin", "--name", "copy", "--db", copy])
            let after = try Self.answers(BenchClient(port: node.port, token: token))
            node.stop()
            let same = zip(before, after).filter { $0 == $1 }.count
            print(
                "store copy of the SQLite run: \(String(format: "%.1f", seconds)) s (\(copied)); findSlots answers equal for \(same) of \(before.count) practitioners"
            )
            for n in counts {
                let database = try await server.make("n\(n)")
                rows.append(try await measure("PostgreSQL, \(n) node\(n == 1 ? "" : "s")", database: database, nodes: n, receiver: receiver).row)
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        print("")
        print("| database | kernel.ping p50 / p99 ms | findSlots 14 d p50 / p99 ms | p99 ÷ ping p99 | bookings/s | webhooks delivered/s |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for r in rows { print(r) }
    }

    /// The bench practice with its webhook to `receiver`, written in `dir`.
    func config(in dir: URL, receiver: BenchReceiver) throws -> URL {
        let config = dir.appendingPathComponent("practice.yaml")
        let yaml =
            BenchAgenda.practiceYAML(practitioners: 40) + """

                notify:
                  concurrency: 16
                  webhooks:
                    - {id: bench, url: "http://127.0.0.1:\(receiver.port)/hook", secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, events: [escalation.raised]}

                """
        try yaml.write(to: config, atomically: true, encoding: .utf8)
        return config
    }

    /// Every practitioner's free consultations of four weeks, as `agenda.findSlots` writes them.
    static func answers(_ client: BenchClient) throws -> [String] {
        let from = RFC3339.parse("2026-12-14T00:00:00+01:00")!
        return try (0..<40).map { p in
            JSONWriter.string(
                try client.call(
                    "agenda.findSlots",
                    [
                        "appointmentTypeId": "consultation", "practitionerIds": [.string("p\(p)")], "from": .string(RFC3339.format(from, in: .current)),
                        "to": .string(RFC3339.format(from.addingTimeInterval(28 * 86_400), in: .current)), "newPatient": false, "limit": 500
                    ])["result"] ?? .null)
        }
    }

    /// One run: `nodes` serve processes on `database`, measured; they are stopped before it returns.
    /// Also gives every practitioner's free slots at the end (`answers`).
    func measure(_ label: String, database: String, nodes: Int, receiver: BenchReceiver) async throws -> (row: String, answers: [String]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("permanence-bench-node-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try config(in: dir, receiver: receiver)
        var servers: [NodeProcess] = []
        defer { for s in servers { s.stop() } }
        // The first node applies the schema; the others start on it.
        for i in 0..<nodes {
            servers.append(try NodeProcess.start(["serve", "--tcp", "127.0.0.1:0", "--db", database, "--node", "bench-\(i)", "--config", config.path]))
        }
        let token = try NodeProcess.run(["token", "create", "--role", "admin", "--name", "bench", "--db", database])
        let ports = servers.map(\.port)
        let pinger = try BenchClient(port: ports[0], token: token)

        // Patients to book for, and the free slots of the next 90 days, shuffled with a fixed seed.
        var patients: [String] = []
        for i in 0..<200 {
            let r = try pinger.call(
                "patients.create",
                [
                    "lastName": .string("Banc\(i)"), "firstName": "Essai", "birthDate": "1980-01-01",
                    "phone": .string(String(format: "06 39 %02d %02d %02d", 90 + i / 10_000, (i / 100) % 100, i % 100))
                ])
            guard let id = r["result"]?["id"]?.stringValue else { throw ValidationError("patients.create failed: \(JSONWriter.string(r))") }
            patients.append(id)
        }
        let start = RFC3339.parse("2026-12-14T00:00:00+01:00")!
        var pool: [(String, String, String)] = []
        for p in 0..<40 {
            for window in 0..<3 {
                let from = start.addingTimeInterval(Double(window) * 30 * 86_400)
                let r = try pinger.call(
                    "agenda.findSlots",
                    [
                        "appointmentTypeId": "consultation", "practitionerIds": [.string("p\(p)")],
                        "from": .string(RFC3339.format(from, in: .current)), "to": .string(RFC3339.format(from.addingTimeInterval(30 * 86_400), in: .current)),
                        "newPatient": false, "limit": 1000
                    ])
                for s in r["result"]?.arrayValue ?? [] {
                    pool.append((s["practitionerId"]!.stringValue!, s["siteId"]!.stringValue!, s["start"]!.stringValue!))
                }
            }
        }
        var rng = SeededGenerator(seed: 7)
        pool.shuffle(using: &rng)
        guard pool.count >= bookings else { throw ValidationError("only \(pool.count) free slots for \(bookings) bookings") }

        // Latency on node 1, the others idle: ping and a practitioner's fortnight.
        var ping: [Double] = []
        var find: [Double] = []
        for n in 0..<(samples + 20) {
            let t = try pinger.time("kernel.ping", [:]).seconds
            let from = start.addingTimeInterval(Double(n % 60) * 86_400)
            let f = try pinger.time(
                "agenda.findSlots",
                [
                    "appointmentTypeId": "consultation", "practitionerIds": [.string("p\(n % 40)")], "from": .string(RFC3339.format(from, in: .current)),
                    "to": .string(RFC3339.format(from.addingTimeInterval(14 * 86_400), in: .current)), "newPatient": false, "limit": 50
                ]
            ).seconds
            if n >= 20 { // the first calls warm the caches
                ping.append(t)
                find.append(f)
            }
        }

        // Bookings: distinct free slots, the connections spread over the nodes.
        let targets = pool.prefix(bookings).enumerated().map { i, t in
            BenchClient.Booking(practiceId: nil, practitionerId: t.0, siteId: t.1, start: t.2, patientId: patients[i % patients.count])
        }
        let booked = try Self.spread(targets.count, ports: ports, token: token, connections: connections) { client, i in
            let t = targets[i]
            let r = try client.call(
                "agenda.book",
                [
                    "practitionerId": .string(t.practitionerId), "siteId": .string(t.siteId), "start": .string(t.start),
                    "appointmentTypeId": "consultation", "patientId": .string(t.patientId ?? ""), "newPatient": false
                ])
            return r["error"] == nil
        }

        // Webhooks: enqueued through notify.test on every node, received by the loopback receiver.
        let base = receiver.count
        let enqueued = ContinuousClock.now
        let sent = try Self.spread(webhooks, ports: ports, token: token, connections: connections) { client, _ in
            try client.call("notify.test", ["channel": "webhook", "to": "bench"])["error"] == nil
        }
        await receiver.waitFor(base + sent.done)
        let delivered = Double(sent.done) / enqueued.duration(to: .now).seconds

        let p99 = Self.quantile(find, 0.99) / max(Self.quantile(ping, 0.99), 1e-9)
        if booked.done < targets.count { print("warning: \(targets.count - booked.done) bookings failed") }
        print("\(label): done")
        let answers = try Self.answers(pinger)
        return (
            "| \(label) | \(BenchAgenda.ms(ping, 0.5)) / \(BenchAgenda.ms(ping, 0.99)) | \(BenchAgenda.ms(find, 0.5)) / \(BenchAgenda.ms(find, 0.99)) | "
                + String(format: "%.1f× | %d | %d |", p99, Int(Double(booked.done) / booked.seconds), Int(delivered)),
            answers
        )
    }

    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let s = values.sorted()
        return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count - 1) * q))]
    }

    /// Runs `count` calls of `body` over `connections` clients (client c on node c mod nodes), one
    /// thread each; returns how many succeeded and the seconds it took.
    static func spread(
        _ count: Int, ports: [Int], token: String, connections: Int, _ body: @escaping @Sendable (BenchClient, Int) throws -> Bool
    ) throws -> (done: Int, seconds: Double) {
        let clients = try (0..<connections).map { c in BenchClient.ClientBox(client: try BenchClient(port: ports[c % ports.count], token: token)) }
        let group = DispatchGroup()
        let done = Mutex<Int>(0)
        let t0 = DispatchTime.now().uptimeNanoseconds
        for (c, box) in clients.enumerated() {
            group.enter()
            Thread {
                defer { group.leave() }
                for i in stride(from: c, to: count, by: connections) where (try? body(box.client, i)) == true { done.withLock { $0 += 1 } }
            }.start()
        }
        group.wait()
        return (done.withLock { $0 }, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// A `permanence` child process of the bench: a `serve` node (its port read from its start line),
/// or a one-shot command.
final class NodeProcess: Sendable {
    let process: Process
    let port: Int

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// This executable.
    static var executable: URL { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath() }

    /// `permanence arguments…` started, with no input.
    private static func child(_ arguments: [String], output: Any, errors: Any) throws -> Process {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        p.standardOutput = output
        p.standardError = errors
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Starts `permanence arguments…` and waits (60 s at most) for `listening on HOST:PORT` on its stderr.
    static func start(_ arguments: [String]) throws -> NodeProcess {
        let err = Pipe()
        let p = try child(arguments, output: FileHandle.nullDevice, errors: err)
        let fd = err.fileHandleForReading.fileDescriptor
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 1000) > 0 else { continue }
            let n = read(fd, &chunk, chunk.count)
            guard n > 0 else { break }
            text += String(decoding: chunk[0..<n], as: UTF8.self)
            if let r = text.range(of: #"listening on [^\s]+:([0-9]+)"#, options: .regularExpression),
                let port = Int(text[r].split(separator: ":").last ?? "")
            {
                // Keep draining stderr so that the node never blocks on a full pipe.
                Thread {
                    var sink = [UInt8](repeating: 0, count: 4096)
                    while read(fd, &sink, sink.count) > 0 {}
                }.start()
                return NodeProcess(process: p, port: port)
            }
        }
        p.terminate()
        throw ValidationError("serve did not start: \(text)")
    }

    /// Runs `permanence arguments…` to its end; its last line of output.
    static func run(_ arguments: [String]) throws -> String {
        let out = Pipe()
        let p = try child(arguments, output: out, errors: FileHandle.nullDevice)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0, let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last else {
            throw ValidationError("permanence \(arguments.joined(separator: " ")) failed")
        }
        return String(line)
    }

    /// SIGTERM, then waits for the end.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
