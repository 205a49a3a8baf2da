import Foundation
import JSONRPC
import Kernel
import Practice
import Synchronization
import Testing

@testable import Agenda

/// A kernel host with the practice and agenda plugins on an in-memory store and a manual clock,
/// and helpers to call agenda methods as a given role.
final class AgendaHarness: Sendable {
    let host: KernelHost
    let clock: ManualClock
    let dispatcher: Dispatcher
    let plugin: AgendaPlugin
    let events: EventLog

    /// Patients known to the test register.
    static let patients = FixedPatientLookup([
        "pat-dupont": "DUPONT Jeanne", "pat-leroy": "LEROY Hugo", "pat-moreau": "MOREAU Inès", "pat-petit": "PETIT Louis",
        "pat-garcia": "GARCIA Lucía, dite « Lulu »; née à Séville"
    ])

    /// `store` defaults to a private in-memory one; give two harnesses stores on the same file to
    /// play two processes sharing a database.
    /// `patients` defaults to the fixed register above; `PracticePatientLookup()` reads `patients.create`'s.
    init(
        yaml: String = ExamplePractice.yaml, now: String = "2026-03-02T07:00:00+01:00", store: Store? = nil,
        patients: any PatientLookup = AgendaHarness.patients
    ) async throws {
        let doc = try ConfigurationDocument(yaml: yaml)
        clock = ManualClock(instant(now))
        host = try KernelHost(store: try store ?? Store(), clock: clock, configuration: doc)
        let practice = try PracticePlugin(configuration: doc)
        plugin = try AgendaPlugin(configuration: doc, directory: practice.directory, patients: patients)
        try await host.install([practice, plugin])
        dispatcher = Dispatcher(host: host)
        events = EventLog()
        let log = events
        _ = host.events.subscribe(session: 999_999, topics: ["agenda.*"]) { bytes in log.append(bytes) }
    }

    /// Calls `method` with by-name params as `role`; the result as JSON or the RPC error.
    func call(_ method: String, _ params: JSONValue, role: Role = .secretary) async -> Result<JSONValue, RPCError> {
        let session = dispatcher.openSession(transport: .inProcess, role: role, actor: "test-\(role.rawValue)", sink: { _ in })
        defer { dispatcher.closeSession(session) }
        switch await dispatcher.call(Request(method: method, params: params, id: 1), session: session) {
        case .success(let bytes): return .success(try! JSONParser.parse(bytes))
        case .failure(let e): return .failure(e)
        }
    }

    /// The result, or a test failure with the error.
    func ok(_ method: String, _ params: JSONValue, role: Role = .secretary, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        switch await call(method, params, role: role) {
        case .success(let v): return v
        case .failure(let e):
            Issue.record("\(method) failed: \(e)", sourceLocation: sourceLocation)
            throw e
        }
    }

    /// The error code of a call expected to fail (nil when it succeeded).
    func errorCode(_ method: String, _ params: JSONValue, role: Role = .secretary) async -> Int? {
        if case .failure(let e) = await call(method, params, role: role) { return e.code.rawValue }
        return nil
    }

    func error(_ method: String, _ params: JSONValue, role: Role = .secretary) async -> RPCError? {
        if case .failure(let e) = await call(method, params, role: role) { return e }
        return nil
    }

    /// Local "HH:mm" starts of slots in the practice zone.
    func localStarts(_ slots: JSONValue) -> [String] {
        (slots.arrayValue ?? []).map { localTime($0["start"]!.stringValue!) }
    }

    var directory: PracticeDirectory { plugin.core.directory }
}

/// Events pushed to the test's subscription, in order.
final class EventLog: Sendable {
    private let lines = Mutex<[JSONValue]>([])
    func append(_ bytes: [UInt8]) { if let v = try? JSONParser.parse(bytes) { lines.withLock { $0.append(v) } } }
    var all: [JSONValue] { lines.withLock { $0 } }
    func topics() -> [String] { all.compactMap { $0["method"]?.stringValue } }
}

func instant(_ text: String) -> Date {
    guard let d = RFC3339.parse(text) else { fatalError("bad test instant \(text)") }
    return d
}

let paris = TimeZone(identifier: "Europe/Paris")!

/// "HH:mm" of an RFC 3339 instant, in Paris.
func localTime(_ text: String) -> String {
    LocalDateTime(instant(text), in: paris).time.description
}

/// RFC 3339 text of a Paris wall-clock time.
func paris(_ date: String, _ time: String) -> JSONValue {
    let d = LocalDateTime(LocalDate(date)!, LocalTime(time)!).instant(in: paris)!
    return .string(RFC3339.format(d, in: paris))
}

/// A small practice for dedicated tests: one site, one practitioner, the rules given.
func smallPractice(practitioner: String, holidays: String = "france", closures: String = "[]", otherSites: [String] = []) -> String {
    """
    practice:
      name: Cabinet de test
      timezone: Europe/Paris
      holidays: \(holidays)
      closures: \(closures)
    sites:
      - id: centre
        name: Centre
        phoneHours: {monday: ["08:00-19:00"]}
    \(otherSites.map { "  - {id: \($0), name: \($0), phoneHours: {monday: [\"08:00-19:00\"]}}\n" }.joined())practitioners:
    \(practitioner.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
    """
}

extension JSONValue {
    /// The element at `index` of an array value (tests only).
    subscript(index: Int) -> JSONValue? {
        guard let a = arrayValue, a.indices.contains(index) else { return nil }
        return a[index]
    }
}
