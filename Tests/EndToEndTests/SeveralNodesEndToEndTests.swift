import Foundation
import JSONRPC
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Three `permanence serve` processes (nodes) on one PostgreSQL database, each with its own manual
/// clock: what one node promised is kept by the others when it dies. (The 64-client race over three
/// nodes is in `AgendaConcurrencyEndToEndTests`.)
@Suite("Several nodes on one database", .serialized, .enabled(if: TestDatabase.postgres != nil, "several nodes share a PostgreSQL database"))
struct SeveralNodesEndToEndTests {
    /// Starts three nodes (`node-a`, `node-b`, `node-c`) of `config` on a new database, clocks at `clock`.
    static func nodes(config: String, clock: String) throws -> [ServerProcess] {
        let a = try ServerProcess.tcp(config: config, clock: clock, extraArgs: ["--node", "node-a"])
        var all = [a]
        do {
            for name in ["node-b", "node-c"] {
                all.append(try ServerProcess.tcp(config: config, clock: clock, extraArgs: ["--node", name], database: a.dbPath))
            }
        } catch {
            for node in all { node.kill() }
            throw error
        }
        return all
    }

    @Test(
        "1,000 webhooks pending, the receiver down; node A killed with SIGKILL; the receiver up: nodes B and C deliver every one, once each, with the webhook-id it had"
    )
    func killedNodesWebhooksAreDeliveredByTheOthers() throws {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let receiver = try NotifyGatedReceiver(secret: secret)
        defer { receiver.stop() }
        let example = try Executable.run(["config", "example"])
        #expect(example.status == 0)
        let config = example.stdout
            .replacingOccurrences(of: "http://127.0.0.1:9/hooks/permanence", with: "http://127.0.0.1:\(receiver.port)/hooks/permanence")
            .replacingOccurrences(of: "\nnotify:\n", with: "\nnotify:\n  leaseSeconds: 15\n")
        #expect(config.contains("leaseSeconds: 15"))
        // Manual clocks started at the real time: the receiver checks each webhook's timestamp (5 minutes' tolerance).
        let nodes = try Self.nodes(config: config, clock: ISO8601DateFormatter().string(from: Date()))
        defer { for node in nodes { node.kill() } }
        let (a, b, c) = (nodes[0], nodes[1], nodes[2])
        let viaA = try a.client(role: "admin")

        // 1,000 test webhooks through node A; the receiver holds the first requests unanswered.
        var enqueued: [String] = []
        for _ in 0..<1000 {
            let m = try viaA.result("notify.test", ["channel": "webhook", "to": "logiciel-cabinet"])
            enqueued.append(try #require(m["messageId"]?.stringValue))
        }
        let expected = Set(enqueued)
        #expect(expected.count == 1000)
        let held = try receiver.wait(seconds: 30) { !$0.isEmpty }
        #expect(!held.isEmpty)
        a.kill(signal: SIGKILL)
        let firstLife = receiver.records.map(\.webhookID)
        #expect(Set(firstLife).isSubset(of: expected))
        let leftInFlight = try TestDatabase.query("SELECT COUNT(*) FROM outbox WHERE status = 'inflight' AND leasedBy = 'node-a'", at: a.dbPath)
        #expect(leftInFlight != [["0"]], "node A died holding rows")

        // The receiver comes up; B and C's clocks pass the end of A's lease (15 s).
        receiver.openGate()
        // B and C's clocks move on 20 s at a time, as time would (past A's lease, then past the retry of
        // any attempt that failed meanwhile), staying within the receiver's 5 minutes of tolerance.
        let viaB = try b.client(role: "admin")
        let viaC = try c.client(role: "admin")
        var all: [NotifyGatedReceiver.Record] = []
        var advanced = 0
        while true {
            for client in [viaB, viaC] { _ = try client.result("kernel.clock.set", ["advanceSeconds": 20]) }
            advanced += 20
            if let done = try? receiver.wait(
                seconds: 30,
                until: { records in
                    Set(records.dropFirst(firstLife.count).map(\.webhookID)).isSuperset(of: expected)
                })
            {
                all = done
                break
            }
            guard advanced < 200 else {
                let rows = try? TestDatabase.query(
                    "SELECT status, COALESCE(leasedBy, '-'), attempts, count(*), min(nextAttemptAt), min(leaseUntil) FROM outbox GROUP BY 1, 2, 3",
                    at: a.dbPath)
                Issue.record("not delivered; first life \(firstLife.count) requests; outbox: \(rows ?? [])")
                return
            }
        }
        let secondLife = all.dropFirst(firstLife.count).map(\.webhookID)
        #expect(Set(secondLife) == expected, "after the kill, B and C deliver all 1,000")
        #expect(Set(firstLife).isSubset(of: Set(secondLife)), "what A had in flight is sent again with the same webhook-id")
        // No row sent by both B and C: a webhook-id arrives twice only when an attempt of that row failed
        // (a timeout on a loaded machine) and was retried.
        let twice = secondLife.count - Set(secondLife).count
        let retried = try TestDatabase.query(
            "SELECT COUNT(DISTINCT outboxId) FROM outbox_attempt WHERE httpStatus IS NULL OR httpStatus >= 300", at: a.dbPath)
        #expect(twice <= Int(retried.first?.first ?? "0") ?? 0, "\(twice) webhook-ids sent twice after the kill, \(retried) rows retried")
        let rejected = all.filter { !$0.verified }
        #expect(rejected.count == 0, "standardwebhooks rejected \(rejected.count): \(rejected.first?.error ?? "")")
        // Every row ends delivered in the database.
        _ = try viaC.result("events.subscribe", ["topics": ["notify.delivered"]])
        var delivered = Set(try viaC.allPages("notify.list", ["status": "delivered", "limit": 200]).compactMap { $0["id"]?.stringValue })
        if delivered.count < 1000 {
            // The last results are recorded just after the receipts, on B or C: wait for them in the database.
            let deadline = Date().addingTimeInterval(30)
            while delivered.count < 1000, Date() < deadline {
                delivered = Set(try viaC.allPages("notify.list", ["status": "delivered", "limit": 200]).compactMap { $0["id"]?.stringValue })
            }
        }
        #expect(delivered.count == 1000)
    }

    @Test("an escalation raised on node A, A killed before step 2: step 2 is paged once, by node B or C, at its time")
    func killedNodesEscalationGoesOn() throws {
        let gateway = try HTTPReceiver()
        defer { gateway.stop() }
        let nodes = try Self.nodes(config: try escalationConfig(gatewayPort: gateway.port), clock: "2026-03-10T22:00:00+01:00")
        defer { for node in nodes { node.kill() } }
        let (a, b, c) = (nodes[0], nodes[1], nodes[2])
        let viaA = try a.client(role: "admin")
        let raised = try viaA.result("escalation.raise", ["caller": "+33612345678", "reason": "Malaise", "urgency": "urgent"])
        let id = try #require(raised["incident"]?["id"])
        // Step 1 is paged by A at once; A dies during the 5-minute wait.
        _ = try gateway.waitFor { $0.body.contains("33639981201") }
        a.kill(signal: SIGKILL)

        // Four minutes later on B and C: nothing due yet. At five minutes, step 2 is due.
        for node in [b, c] { _ = try node.client(role: "admin").result("kernel.clock.set", ["advanceSeconds": 240]) }
        let viaB = try b.client(role: "admin")
        #expect(try Self.smsPages(viaB, id).map(\.step) == [1])
        for node in [b, c] { _ = try node.client(role: "admin").result("kernel.clock.set", ["advanceSeconds": 60]) }
        let deadline = Date().addingTimeInterval(20)
        var pages = try Self.smsPages(viaB, id)
        while pages.count < 2, Date() < deadline { pages = try Self.smsPages(viaB, id) }
        #expect(pages.map(\.step) == [1, 2], "step 2 is paged once: \(pages)")
        #expect(pages.last?.sentAt == "2026-03-10T22:05:00+01:00", "on time, by the surviving nodes' clocks")
        // Once in the database: one outbox row for step 2, and the gateway gets it.
        let rows = try TestDatabase.query("SELECT COUNT(*) FROM outbox WHERE channel = 'sms' AND reference = '\(id.stringValue ?? "")'", at: a.dbPath)
        #expect(rows == [["2"]], "one SMS row per step: \(rows)")
        #expect(gateway.waitFor(count: 2, seconds: 30).filter { $0.body.contains("33639981201") }.count >= 2)
    }

    @Test("an escalation raised on node A reaches a subscriber on node C within one second, once, and one on node B too")
    func eventsCrossNodes() throws {
        let gateway = try HTTPReceiver()
        defer { gateway.stop() }
        let nodes = try Self.nodes(config: try escalationConfig(gatewayPort: gateway.port), clock: "2026-03-10T22:00:00+01:00")
        defer { for node in nodes { node.kill() } }
        let (a, b, c) = (nodes[0], nodes[1], nodes[2])
        let onC = try c.client(role: "secretary")
        let onB = try b.client(role: "secretary")
        for client in [onC, onB] { _ = try client.result("events.subscribe", ["topics": ["escalation.*"]]) }
        let viaA = try a.client(role: "secretary")
        var raised: [JSONValue] = []
        var delays: [Double] = []
        for i in 0..<3 {
            let started = Date()
            let incident = try viaA.result("escalation.raise", ["caller": .string("+3361234567\(i)"), "reason": "Malaise", "urgency": "urgent"])
            let event = try onC.nextNotification("escalation.raised")
            delays.append(Date().timeIntervalSince(started))
            raised.append(incident)
            #expect(event["params"]?["incidentId"] == incident["incident"]?["id"], "node C gets the incident raised on A")
            #expect(event["params"]?["practiceId"]?.stringValue == "msp-tilleuls", "tagged with its practice")
            let onBEvent = try onB.nextNotification("escalation.raised")
            #expect(onBEvent["params"]?["incidentId"] == incident["incident"]?["id"])
        }
        #expect(delays.allSatisfy { $0 < 1 }, "from the raise on A to the event on C: \(delays.map { String(format: "%.3f s", $0) })")
        // Each event once: a ping answered on C comes before any other notification left for it.
        _ = try onC.result("kernel.ping")
        #expect(onC.notifications.filter { $0["method"] == "escalation.raised" }.isEmpty, "an event delivered twice on C")
    }

    @Test("a booking on node A reaches a console on node C within a second, written by the booking's own transaction; a refused one by nobody")
    func bookingEventsCrossNodesWithTheirTransaction() throws {
        let nodes = try Self.nodes(config: try Executable.run(["config", "example"]).stdout, clock: "2026-03-10T10:00:00+01:00")
        defer { for node in nodes { node.kill() } }
        let (a, b, c) = (nodes[0], nodes[1], nodes[2])
        let onC = try c.client(role: "secretary")
        _ = try onC.result("events.subscribe", ["topics": ["agenda.*"]])
        let viaA = try a.client(role: "secretary")
        let viaB = try b.client(role: "secretary")
        let patients = try (0..<2).map { i in
            try viaA.result(
                "patients.create",
                ["lastName": .string("Noeud\(i)"), "firstName": "Anne", "birthDate": "1980-01-01", "phone": .string("06123456\(10 + i)")])["id"]!
        }
        let slots = try viaA.result(
            "agenda.findSlots",
            ["appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"], "from": "2026-03-11T00:00:00+01:00", "limit": 2])
        let free = slots.arrayValue ?? []
        try #require(free.count == 2, "\(slots)")
        func booking(_ slot: JSONValue, for patient: JSONValue) -> JSONValue {
            [
                "practitionerId": "dr-benali", "siteId": slot["siteId"]!, "start": slot["start"]!, "appointmentTypeId": "consultation",
                "patientId": patient
            ]
        }
        let started = Date()
        let booked = try viaA.result("agenda.book", booking(free[0], for: patients[0]))
        let event = try onC.nextNotification("agenda.booked")
        let delay = Date().timeIntervalSince(started)
        #expect(event["params"]?["id"] == booked["id"], "node C hears of A's booking")
        #expect(delay < 1, "from the booking on A to the event on C: \(String(format: "%.3f", delay)) s")
        // The same slot again, on B: refused, and nothing published; the next slot, on B: the next event C hears.
        let refused = try viaB.call("agenda.book", booking(free[0], for: patients[1]))
        #expect(refused["error"]?["code"]?.intValue == -32009, "\(refused)")
        let next = try viaB.result("agenda.book", booking(free[1], for: patients[1]))
        #expect(try onC.nextNotification("agenda.booked")["params"]?["id"] == next["id"], "a refused booking was published")
        let rows = try TestDatabase.query("SELECT COUNT(*) FROM kernel_event WHERE topic = 'agenda.booked'", at: a.dbPath)
        #expect(rows == [["2"]], "one event row per booking: \(rows)")
    }

    @Test("an FAQ entry added on node A is answered on node C within a second (C's index follows A's edit)")
    func faqEditReachesOtherNodes() throws {
        let nodes = try Self.nodes(config: try Executable.run(["config", "example"]).stdout, clock: "2026-03-10T10:00:00+01:00")
        defer { for node in nodes { node.kill() } }
        let onC = try nodes[2].client(role: "secretary")
        let question = "Le cabinet a-t-il un défibrillateur ?"
        let first = try onC.result("faq.ask", ["question": .string(question)])
        #expect(first["confident"] == false, "no entry answers it yet: \(first)")
        let started = Date()
        _ = try nodes[0].client(role: "admin").result(
            "faq.upsert",
            [
                "id": "defibrillateur", "questions": ["Avez-vous un défibrillateur au cabinet ?"],
                "answer": "Oui, un défibrillateur est à l'accueil du site Centre."
            ])
        var answered: JSONValue = .null
        while Date().timeIntervalSince(started) < 5 {
            answered = try onC.result("faq.ask", ["question": .string(question)])
            if answered["confident"] == true { break }
        }
        let delay = Date().timeIntervalSince(started)
        #expect(answered["answers"]?.arrayValue?.first?["entryId"] == "defibrillateur", "\(answered)")
        #expect(delay < 1, "node C answered with A's entry after \(String(format: "%.2f", delay)) s")
    }

    /// The SMS pages of an incident (step ≥ 0, counted from 1) with their instants as the wire gives them.
    static func smsPages(_ client: LineClient, _ id: JSONValue) throws -> [(step: Int, sentAt: String)] {
        let incident = try client.result("escalation.get", ["incidentId": id])
        return (incident["notifications"]?.arrayValue ?? []).compactMap { n in
            guard n["channel"] == "sms", let step = n["step"]?.intValue, step >= 0 else { return nil }
            return (step + 1, n["sentAt"]?.stringValue ?? "")
        }
    }
}
