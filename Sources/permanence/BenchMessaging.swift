import ArgumentParser
import Foundation
import JSONRPC
import Kernel
import Messaging
import Practice

/// `permanence bench messaging`: latency of `messaging.take` (deadline, repeat lookup, message,
/// outbox and contact-journal rows in one transaction), `messaging.script` and `messaging.list`,
/// through the in-process dispatcher on an in-memory store already holding `--messages` messages.
struct BenchMessaging: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messaging",
        abstract: "p50/p99 latency of messaging.take, messaging.script and messaging.list (in-process dispatcher).")

    @Option(help: "Messages taken before timing (spread over --numbers callers).") var messages: Int = 10_000
    @Option(help: "Distinct callback numbers (repeat callers are linked).") var numbers: Int = 2_000
    @Option(help: "Timed calls of each method.") var calls: Int = 2_000

    func run() async throws {
        #if DEBUG
            print("warning: debug build; build with `swift build -c release` for meaningful figures")
        #endif
        let document = try ConfigurationDocument(yaml: ExamplePractice.yaml, source: "example practice")
        let clock = ManualClock(RFC3339.parse("2026-04-03T19:30:00+02:00")!)
        let host = try KernelHost(store: try Store(), clock: clock, configuration: document)
        let practice = try PracticePlugin(configuration: document)
        try await host.install([practice, try MessagingPlugin(configuration: document, directory: practice.directory)])
        let dispatcher = Dispatcher(host: host)
        let session = dispatcher.openSession(transport: .inProcess, role: .secretary, actor: "bench", sink: { _ in })

        func call(_ method: String, _ params: JSONValue, id: Int) async throws {
            if case .failure(let error) = await dispatcher.call(Request(method: method, params: params, id: .int(id)), session: session) {
                throw error
            }
        }
        // One registered patient per callback number (messages must name a known patient).
        var patientIds: [String] = []
        for i in 0..<max(numbers, 1) {
            let r = await dispatcher.call(
                Request(
                    method: "patients.create",
                    params: [
                        "lastName": "BANC", "firstName": .string("Patient\(i)"), "birthDate": "1980-01-01",
                        "phone": .string(String(format: "06%08d", 10_000_000 + i))
                    ], id: .int(i)), session: session)
            guard case .success(let bytes) = r, let id = try JSONParser.parse(bytes)["id"]?.stringValue else {
                throw ValidationError("patients.create failed: \(r)")
            }
            patientIds.append(id)
        }
        func take(_ i: Int) -> JSONValue {
            let number = String(format: "06%08d", 10_000_000 + i % max(numbers, 1))
            return [
                "patientId": .string(patientIds[i % patientIds.count]), "category": "appointment",
                "text": "Souhaite être rappelé pour un rendez-vous.", "callbackNumber": .string(number),
                "urgency": i % 10 == 0 ? "urgent" : "normal",
                "practitionerId": i % 10 == 0 ? "dr-martin" : .null
            ]
        }
        func timed(_ body: (Int) async throws -> Void) async rethrows -> [Double] {
            var values: [Double] = []
            values.reserveCapacity(calls)
            for i in 0..<calls {
                let started = DispatchTime.now().uptimeNanoseconds
                try await body(i)
                values.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1000)
            }
            return values
        }

        let fillStarted = DispatchTime.now().uptimeNanoseconds
        for i in 0..<messages { try await call("messaging.take", take(i), id: i) }
        let fillSeconds = Double(DispatchTime.now().uptimeNanoseconds - fillStarted) / 1e9

        let takes = try await timed { i in try await call("messaging.take", take(messages + i), id: i) }
        let scripts = try await timed { i in
            try await call("messaging.script", ["siteId": i % 2 == 0 ? "centre" : "chenes", "waitingCalls": .int(i % 6)], id: i)
        }
        let lists = try await timed { i in
            try await call("messaging.list", ["practitionerId": "dr-martin", "limit": 50], id: i)
        }
        print(
            "messaging with \(messages) messages from \(numbers) numbers already taken "
                + "(filled at \(String(format: "%.0f", Double(messages) / fillSeconds)) messages/s), \(calls) calls each")
        print("| measure | p50 µs | p90 µs | p99 µs | max µs | mean µs |")
        print("|---|---:|---:|---:|---:|---:|")
        print(BenchFAQ.row("messaging.take (repeat caller, outbox, journal)", takes))
        print(BenchFAQ.row("messaging.script", scripts))
        print(BenchFAQ.row("messaging.list (50 of one practitioner)", lists))
        dispatcher.closeSession(session)
        await host.shutdown()
    }
}
