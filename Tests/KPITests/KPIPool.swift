import Foundation
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Testing

@testable import KPI

/// One server answering for several practices (the example practice under each id, named
/// `Cabinet <id>`, its own number, the KPI plugin) on one database file, through the dispatcher; each practice holds
/// generated call history of its own size.
struct KPIPool {
    /// Monday 30 March 2026, before opening.
    static let now = RFC3339.parse("2026-03-30T07:00:00+02:00")!
    static let zone = TimeZone(identifier: "Europe/Paris")!

    let ids: [String]
    let practices: PracticeHosts
    let dispatcher: Dispatcher

    /// With `patientsUnderCare`, practice `i`'s (nil: none; without it, the example's 6200 each);
    /// `scheduledAgents`: practice `i`'s weekday agents from 08:00 to 18:00 (nil: none).
    init(_ ids: [String], patientsUnderCare: ((Int) -> Int?)? = nil, scheduledAgents: (Int) -> Int? = { _ in nil }) async throws {
        self.ids = ids
        let store = try Store(path: try PracticeDatabase.temporaryPath())
        let clock = ManualClock(Self.now)
        var hosts: [KernelHost] = []
        for (i, id) in ids.enumerated() {
            var yaml = PracticeDatabase.example(ExamplePractice.yaml, practiceId: id)
                .replacingOccurrences(of: #"numbers: ["+33465710010"]"#, with: "numbers: [\"+3346571\(1000 + i)\"]")
                .replacingOccurrences(of: "name: Maison de santé pluriprofessionnelle des Tilleuls\n", with: "name: Cabinet \(id)\n")
            if let patientsUnderCare {
                yaml = yaml.replacingOccurrences(of: "patientsUnderCare: 6200", with: patientsUnderCare(i).map { "patientsUnderCare: \($0)" } ?? "")
            }
            if let n = scheduledAgents(i) {
                yaml += "\n  scheduledAgents: [{days: [monday, tuesday, wednesday, thursday, friday], time: \"08:00-18:00\", agents: \(n)}]\n"
            }
            let document = try ConfigurationDocument(yaml: yaml)
            let host = try KernelHost(store: store, clock: clock, configuration: document)
            let practice = try PracticePlugin(configuration: document)
            try await host.install([practice, try KPIPlugin(configuration: document, directory: practice.directory)])
            hosts.append(host)
        }
        practices = PracticeHosts(hosts)
        dispatcher = Dispatcher(practices: practices)
    }

    /// Calls answered in each half-hour from 08:00 to 18:00 of the weekdays of March 2–27 (talk 3 min),
    /// about `scale` per half-hour, shaped by the hour of the day and varying from day to day.
    static func history(scale: Int, practice: Int) -> [CallRecord] {
        var records: [CallRecord] = []
        let shape = [1, 2, 3, 3, 2, 2, 1, 1, 2, 3, 3, 2, 2, 2, 1, 1, 2, 2, 1, 1]
        var day = LocalDate(year: 2026, month: 3, day: 2)!
        while day <= LocalDate(year: 2026, month: 3, day: 27)! {
            defer { day = day.adding(days: 1) }
            guard day.weekday.isoNumber <= 5 else { continue }
            for (slot, weight) in shape.enumerated() {
                let calls = scale * weight + (day.day + slot + practice) % 3
                let start = LocalDateTime(day, LocalTime(minutesSinceMidnight: 480 + slot * 30)!).instantOrNextValid(in: zone)
                for k in 0..<calls {
                    let offered = start.addingTimeInterval(Double(k) * 1800 / Double(calls + 1))
                    records.append(
                        CallRecord(
                            callId: "p\(practice)-\(day)-\(slot)-\(k)", queue: "cabinet", offeredAt: offered, answeredAt: offered.addingTimeInterval(10),
                            endedAt: offered.addingTimeInterval(190), waitSeconds: 10, talkSeconds: 180, agent: "a", outcome: .answered))
                }
            }
        }
        return records
    }

    /// Stores each practice's generated history: practice `i` about `scale(i)` calls per half-hour.
    func seed(scale: (Int) -> Int) async throws {
        let store = practices.hosts[0].store
        for (i, id) in ids.enumerated() {
            let records = Self.history(scale: scale(i), practice: i)
            try await store.write { db in _ = try KPICallStore.insert(records, practiceId: id, importedAt: Self.now, in: db) }
        }
    }

    /// A session as an admin of every practice, or, with `token`, authenticated by a new token of that practice.
    func session(practice token: String? = nil) async throws -> Session {
        guard let token else { return dispatcher.openSession(transport: .inProcess, role: .admin, actor: "test", sink: { _ in }) }
        let secret = try practices.service.tokens.create(name: UUID().uuidString, role: .secretary, practices: [token], at: Self.now)
        let session = dispatcher.openSession(transport: .tcp, role: nil, actor: "", sink: { _ in })
        #expect(try await reply("initialize", ["token": .string(secret)], session)["result"] != nil)
        return session
    }

    /// The reply to `method`: `result` or `error`.
    func reply(_ method: String, _ params: JSONValue?, _ session: Session) async throws -> JSONValue {
        let line = JSONWriter.string(Request(method: method, params: params, id: 1).jsonValue)
        return try JSONParser.parse(await dispatcher.handle(line: Array(line.utf8), session: session)!)
    }

    /// The result of `method`, recording an issue when it answers an error.
    func ok(_ method: String, _ params: JSONValue?, _ session: Session, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let r = try await reply(method, params, session)
        guard let result = r["result"] else {
            Issue.record("\(method) failed: \(r)", sourceLocation: sourceLocation)
            return .null
        }
        return result
    }

    func shutdown() async { await practices.shutdown() }
}
