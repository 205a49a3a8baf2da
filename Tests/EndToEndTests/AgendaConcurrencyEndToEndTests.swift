import Foundation
import JSONRPC
import PermanenceTesting
import Testing

/// 64 TCP clients race for the same 10 slots against the built executable: the agenda never
/// over-books, whatever the interleaving.
@Suite(.serialized) struct AgendaConcurrencyEndToEndTests {
    static let config = """
        practice:
          name: Cabinet de la course
          timezone: Europe/Paris
          holidays: france
        sites:
          - id: centre
            name: Centre
            phoneHours: {monday: ["08:00-19:00"]}
        practitioners:
          - id: dr-solo
            name: Dr Solo
            specialty: médecine générale
            schedule: {centre: {monday: ["09:00-10:40"]}}
            appointmentTypes:
              - {id: consultation, label: Consultation, minutes: 10}
          - id: dr-groupe
            name: Dr Groupe
            specialty: médecine générale
            schedule: {centre: {monday: ["09:00-10:40"]}}
            appointmentTypes:
              - {id: vaccination, label: Vaccination, minutes: 10, capacity: 3}
        """

    /// Thread-safe collection of outcomes; every access holds `lock`.
    final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [(slot: String, code: Int?)] = []
        private var failures: [String] = []
        func add(_ slot: String, _ code: Int?) {
            lock.lock()
            items.append((slot, code))
            lock.unlock()
        }
        func fail(_ text: String) {
            lock.lock()
            failures.append(text)
            lock.unlock()
        }
        var all: [(slot: String, code: Int?)] {
            lock.lock()
            defer { lock.unlock() }
            return items
        }
        var errors: [String] {
            lock.lock()
            defer { lock.unlock() }
            return failures
        }
    }

    /// Patient ids for the race: created through `patients.create` when the practice offers it.
    func patients(_ admin: LineClient, count: Int) throws -> [String] {
        var ids: [String] = []
        for i in 0..<count {
            let r = try admin.call(
                "patients.create",
                [
                    "lastName": .string("Course\(i)"), "firstName": "Patient",
                    "birthDate": "1980-01-01", "phone": .string("06 39 98 \(String(format: "%02d", i / 100)) \(String(format: "%02d", i % 100))")
                ])
            if r["error"]?["code"] == .int(-32601) { return (0..<count).map { "pat-race-\($0)" } }
            guard let id = r["result"]?["id"]?.stringValue else { throw HarnessError("patients.create failed: \(JSONWriter.string(r))") }
            ids.append(id)
        }
        return ids
    }

    static let races = [("dr-solo", "consultation", 1), ("dr-groupe", "vaccination", 3)]

    @Test(arguments: races)
    func sixtyFourClientsRaceForTenSlots(practitioner: String, type: String, capacity: Int) throws {
        let server = try ServerProcess.tcp(config: Self.config, clock: "2026-03-01T08:00:00+01:00")
        defer { server.kill() } // SIGKILL: the database is checked before, and WAL keeps it consistent
        try race(on: [server], practitioner: practitioner, type: type, capacity: capacity)
    }

    /// Three nodes on one PostgreSQL database, the 64 clients spread over them (client i on node i mod 3).
    @Test(.enabled(if: TestDatabase.postgres != nil, "several nodes share a PostgreSQL database"), arguments: races)
    func sixtyFourClientsOnThreeNodesRaceForTenSlots(practitioner: String, type: String, capacity: Int) throws {
        let first = try ServerProcess.tcp(config: Self.config, clock: "2026-03-01T08:00:00+01:00", extraArgs: ["--node", "node-1"])
        defer { first.kill() }
        let others = try (2...3).map { n in
            try ServerProcess.tcp(
                config: Self.config, clock: "2026-03-01T08:00:00+01:00", extraArgs: ["--node", "node-\(n)"], database: first.dbPath)
        }
        defer { for node in others { node.kill() } }
        try race(on: [first] + others, practitioner: practitioner, type: type, capacity: capacity)
    }

    /// 64 clients, spread over `servers` (nodes of one database), each pipelining one booking per slot
    /// of the 10 the first node offers: exactly `capacity` winners per slot, every other attempt -32009.
    func race(on servers: [ServerProcess], practitioner: String, type: String, capacity: Int) throws {
        let server = servers[0]
        let admin = try server.client(role: "admin")
        let ids = try patients(admin, count: 64)
        let slots = try admin.result(
            "agenda.findSlots",
            [
                "appointmentTypeId": .string(type), "practitionerIds": [.string(practitioner)],
                "from": "2026-03-02T00:00:00+01:00", "to": "2026-03-03T00:00:00+01:00",
                "newPatient": true, "limit": 100
            ])
        let starts = (slots.arrayValue ?? []).compactMap { $0["start"]?.stringValue }
        #expect(starts.count == 10)
        let token = try server.token(role: "secretary", name: "race")
        let outcomes = Outcomes()
        let ready = DispatchGroup()
        let done = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        for client in 0..<64 {
            ready.enter()
            done.enter()
            let thread = Thread {
                // Every client leaves `ready` exactly once, whatever fails, so the start never waits on a dead client.
                var isReady = false
                defer {
                    if !isReady { ready.leave() }
                    done.leave()
                }
                do {
                    let c = try LineClient(port: servers[client % servers.count].port)
                    let r = try c.call("initialize", ["clientInfo": ["name": "race"], "token": .string(token)])
                    guard r["error"] == nil else {
                        outcomes.fail("initialize: \(r)")
                        return
                    }
                    isReady = true
                    ready.leave()
                    guard go.wait(timeout: .now() + 120) == .success else {
                        outcomes.fail("client \(client): never told to go")
                        return
                    }
                    // Pipeline one booking per slot, in an order of this client's own.
                    let order = starts.indices.map { ($0 * 7 + client) % starts.count }
                    var batch = ""
                    for (n, i) in order.enumerated() {
                        let req = Request(
                            method: "agenda.book",
                            params: [
                                "practitionerId": .string(practitioner), "siteId": "centre", "start": .string(starts[i]),
                                "appointmentTypeId": .string(type), "patientId": .string(ids[client])
                            ], id: .int(n + 1))
                        batch += JSONWriter.string(req.jsonValue) + "\n"
                    }
                    try c.sendRaw(Array(batch.utf8))
                    for _ in order {
                        let reply = try c.readJSON()
                        guard case .number(let idText)? = reply["id"], let n = Int(idText) else {
                            outcomes.fail("bad reply \(reply)")
                            continue
                        }
                        let slot = starts[order[n - 1]]
                        outcomes.add(slot, reply["error"]?["code"]?.intValue)
                    }
                } catch {
                    outcomes.fail("client \(client): \(error)")
                }
            }
            thread.start()
        }
        #expect(ready.wait(timeout: .now() + 120) == .success, "the 64 clients did not connect within 120 s")
        for _ in 0..<64 { go.signal() }
        try #require(done.wait(timeout: .now() + 120) == .success, "the 64 clients did not finish within 120 s")
        #expect(outcomes.errors.isEmpty, "\(outcomes.errors.prefix(3))")
        let all = outcomes.all
        #expect(all.count == 640)
        for start in starts {
            let mine = all.filter { $0.slot == start }
            #expect(mine.filter { $0.code == nil }.count == capacity, "slot \(start)")
            #expect(mine.filter { $0.code == -32009 }.count == 64 - capacity, "slot \(start): \(Set(mine.compactMap(\.code)))")
        }
        // The database agrees: per slot at most `capacity`, and no two appointments of different starts overlap.
        let live = "status NOT IN ('cancelled', 'entered-in-error')"
        let perSlot = try TestDatabase.query(
            "SELECT COUNT(*) FROM agenda_appointment WHERE \(live) GROUP BY practitionerId, start", at: server.dbPath)
        let overlaps = try TestDatabase.query(
            """
            SELECT COUNT(*) FROM agenda_appointment a JOIN agenda_appointment b
              ON a.practitionerId = b.practitionerId AND a.id < b.id AND a.start < b."end" AND b.start < a."end"
              AND NOT (a.start = b.start AND a.typeId = b.typeId)
            WHERE a.\(live) AND b.\(live)
            """, at: server.dbPath)
        #expect(overlaps == [["0"]])
        #expect(perSlot.count == 10)
        #expect(perSlot.allSatisfy { $0 == ["\(capacity)"] }, "\(perSlot)")
    }
}

extension Executable {
    /// Runs a Python 3 script; stdout, or a thrown error with stderr.
    static func python(_ script: String, arguments: [String]) throws -> String {
        let out = try ChildProcess.run("python3", ["-c", script] + arguments)
        guard out.status == 0 else { throw HarnessError("python3 failed: \(out.stderr)") }
        return out.stdout
    }
}
