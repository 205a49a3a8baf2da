import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice
import Testing

@testable import permanence

/// `usage.report` over two practices on one store, with every plugin installed (the figures come
/// from four modules): each count per practice and in total, in JSON and in CSV read back, and the
/// refusals. (Here rather than in a module's tests: only this target hosts every plugin in process.)
@Suite struct UsageReportTests {
    /// Monday 30 March 2026, the day `ContractHost.now` falls in.
    static let from: JSONValue = "2026-03-30T00:00:00+02:00"
    static let to: JSONValue = "2026-03-31T00:00:00+02:00"

    /// Calls of A on the day (two answered: 160 s and 290 s of talk; one abandoned), one the day
    /// before (outside the period); B's: one answered (60 s).
    static let callsA = """
        call_id,queue,channel,motive,offered_at,answered_at,ended_at,abandoned_at,agent
        a1,cab-a-accueil,phone,appointment,2026-03-30T08:00:00+02:00,2026-03-30T08:00:20+02:00,2026-03-30T08:03:00+02:00,,sec1
        a2,cab-a-accueil,phone,results,2026-03-30T08:10:00+02:00,,,2026-03-30T08:11:30+02:00,
        a3,cab-a-accueil,phone,prescription,2026-03-30T08:20:00+02:00,2026-03-30T08:21:10+02:00,2026-03-30T08:26:00+02:00,,sec2
        a0,cab-a-accueil,phone,other,2026-03-29T18:00:00+02:00,2026-03-29T18:00:10+02:00,2026-03-29T18:10:10+02:00,,sec2
        """
    static let callsB = """
        call_id,queue,channel,motive,offered_at,answered_at,ended_at,abandoned_at,agent
        b1,cab-b-accueil,phone,appointment,2026-03-30T08:30:00+02:00,2026-03-30T08:30:05+02:00,2026-03-30T08:31:05+02:00,,sec1
        """

    /// Delivered, dead and fanned-out outbox rows of `practiceId`, as the delivery worker leaves them.
    static func outbox(_ practiceId: String, channel: String, destination: String, payload: String, status: String, at: String, in store: Store) async throws {
        let t = RFC3339.parse(at)!.timeIntervalSince1970
        try await store.write { db in
            try db.run(
                """
                INSERT INTO outbox(practiceId, messageId, channel, destination, event, payload, urgency, status, attempts, nextAttemptAt,
                  createdAt, updatedAt)
                VALUES (?, ?, ?, ?, 'test', ?, 'normal', ?, 1, ?, ?, ?)
                """, [practiceId, "msg_\(UUID().uuidString)", channel, destination, payload, status, t, t, t])
        }
    }

    static func take(_ contract: ContractHost, in practice: String, name: String, phone: String) async throws {
        _ = try await contract.call(
            "messaging.take",
            [
                "caller": ["name": .string(name), "phone": .string(phone)], "callbackNumber": .string(phone), "category": "admin",
                "text": "Rappeler pour un certificat",
                "urgency": "normal"
            ], practiceId: practice
        ).get()
    }

    /// Two practices with known calls, messages, a booking, SMS and webhooks.
    static func filled() async throws -> ContractHost {
        let contract = try await ContractHost(practices: ["cab-a", "cab-b"])
        _ = try await contract.call("kpi.import", ["format": "csv", "content": .string(callsA)], practiceId: "cab-a").get()
        _ = try await contract.call("kpi.import", ["format": "csv", "content": .string(callsB)], practiceId: "cab-b").get()
        try await take(contract, in: "cab-a", name: "Anne Moreau", phone: "06 45 87 12 99")
        try await take(contract, in: "cab-b", name: "Paul Petit", phone: "06 45 87 12 98")
        try await take(contract, in: "cab-b", name: "Jeanne Petit", phone: "06 45 87 12 97")
        // One booking in B today, for an appointment weeks later: counted today (booking time).
        let patient = try await contract.call(
            "patients.create", ["lastName": "Petit", "firstName": "Léa", "birthDate": "1984-05-02", "phone": "+33612345678"], practiceId: "cab-b"
        ).get()
        let slot = try #require(
            try await contract.call(
                "agenda.findSlots", ["appointmentTypeId": "consultation", "from": "2026-04-20T08:00:00+02:00", "limit": 1], practiceId: "cab-b"
            ).get().arrayValue?.first)
        let booked = try await contract.call(
            "agenda.book",
            [
                "practitionerId": slot["practitionerId"]!, "siteId": slot["siteId"]!, "start": slot["start"]!, "appointmentTypeId": "consultation",
                "patientId": patient["id"]!
            ], practiceId: "cab-b"
        ).get()
        // Moved a day later: still one booking.
        let later = try #require(
            try await contract.call(
                "agenda.findSlots", ["appointmentTypeId": "consultation", "from": "2026-04-21T08:00:00+02:00", "limit": 1], practiceId: "cab-b"
            ).get().arrayValue?.first)
        _ = try await contract.call(
            "agenda.reschedule",
            ["appointmentId": booked["id"]!, "start": later["start"]!, "practitionerId": later["practitionerId"]!, "siteId": later["siteId"]!],
            practiceId: "cab-b"
        ).get()
        let store = contract.host.store
        // A callback another module queued in A (a patient's SMS reply): in the queue, not a message taken.
        let desk = try #require(contract.dispatcher.practices.host(id: "cab-a")?.services.resolve((any CallbackDesk).self))
        _ = try await store.write { db in
            try desk.enqueue(
                CallbackRequest(
                    kind: .patientReply, urgent: false, callerPhone: "+33645871296", text: "Le patient demande à être rappelé", source: "agenda",
                    reference: "rem_test"), actor: "agenda", now: ContractHost.now, in: db)
        }
        let queue = try await contract.call("messaging.list", [:], practiceId: "cab-a").get()
        #expect(queue["messages"]?.arrayValue?.count == 2, "the callback is in A's queue: \(queue)")
        // A: a one-segment SMS and a three-segment one (UCS-2 for the emoji: 67 units a part) delivered today,
        // one delivered yesterday, one dead; two webhooks delivered, the `*` row they were fanned out from.
        try await outbox(
            "cab-a", channel: "sms", destination: "+33600000001", payload: "RDV confirmé", status: "delivered", at: "2026-03-30T08:00:00+02:00", in: store)
        try await outbox(
            "cab-a", channel: "sms", destination: "+33600000001", payload: String(repeating: "é", count: 150) + "🙂", status: "delivered",
            at: "2026-03-30T08:05:00+02:00", in: store)
        try await outbox("cab-a", channel: "sms", destination: "+33600000001", payload: "Hier", status: "delivered", at: "2026-03-29T08:00:00+02:00", in: store)
        try await outbox("cab-a", channel: "sms", destination: "+33600000001", payload: "Perdu", status: "dead", at: "2026-03-30T08:00:00+02:00", in: store)
        try await outbox("cab-a", channel: "webhook", destination: "*", payload: "{}", status: "fannedOut", at: "2026-03-30T08:00:00+02:00", in: store)
        try await outbox("cab-a", channel: "webhook", destination: "crm", payload: "{}", status: "delivered", at: "2026-03-30T08:00:01+02:00", in: store)
        try await outbox("cab-a", channel: "webhook", destination: "pager", payload: "{}", status: "delivered", at: "2026-03-30T08:00:02+02:00", in: store)
        // B: one SMS of 161 GSM-7 characters (two segments), just before the end of the period.
        try await outbox(
            "cab-b", channel: "sms", destination: "+33600000002", payload: String(repeating: "a", count: 161), status: "delivered",
            at: "2026-03-30T23:59:59+02:00", in: store)
        return contract
    }

    /// The counts of one line of the JSON form, in a fixed order.
    static func counts(_ line: JSONValue?) -> [Int] {
        [
            "callsOffered", "callsAnswered", "talkSeconds", "messagesTaken", "appointmentsBooked", "smsSent", "smsSegments", "webhooksDelivered"
        ].map { line?[$0]?.intValue ?? -1 }
    }

    @Test func eachPracticeIsBilledOnItsOwnFiguresAndTheTotalAddsThemUp() async throws {
        let contract = try await Self.filled()
        defer { Task { await contract.shutdown() } }
        let report = try await contract.call("usage.report", ["from": Self.from, "to": Self.to]).get()
        let lines = report["practices"]?.arrayValue ?? []
        #expect(lines.map { $0["practiceId"]?.stringValue } == ["cab-a", "cab-b"], "\(report)")
        #expect(lines.first?["name"]?.stringValue?.isEmpty == false)
        // offered, answered, talk s, messages, bookings, SMS, segments, webhooks
        #expect(Self.counts(lines.first) == [3, 2, 450, 1, 0, 2, 4, 2], "\(report)")
        #expect(Self.counts(lines.last) == [1, 1, 60, 2, 1, 1, 2, 0], "\(report)")
        #expect(Self.counts(report["total"]) == [4, 3, 510, 3, 1, 3, 6, 2], "\(report)")
        #expect(report["total"]?["talkMinutes"]?.doubleValue == 8.5)
        #expect(report["total"]?["practiceId"] == nil && report["csv"] == nil)

        // One practice named: its line alone.
        let onlyB = try await contract.call("usage.report", ["from": Self.from, "to": Self.to, "practiceIds": ["cab-b"]]).get()
        #expect(onlyB["practices"]?.arrayValue?.map { $0["practiceId"]?.stringValue } == ["cab-b"])
        #expect(Self.counts(onlyB["total"]) == [1, 1, 60, 2, 1, 1, 2, 0])
        // The day before: A's call and SMS of Sunday only.
        let sunday = try await contract.call("usage.report", ["from": "2026-03-29T00:00:00+02:00", "to": Self.from]).get()
        #expect(Self.counts(sunday["total"]) == [1, 1, 600, 0, 0, 1, 1, 0], "\(sunday)")
    }

    @Test func theCSVFormHasAHeaderALinePerPracticeAndTheTotalLast() async throws {
        let contract = try await Self.filled()
        defer { Task { await contract.shutdown() } }
        let report = try await contract.call("usage.report", ["from": Self.from, "to": Self.to, "format": "csv"]).get()
        #expect(report["practices"] == nil && report["from"] != nil)
        let csv = try #require(report["csv"]?.stringValue)
        #expect(csv.hasSuffix("\r\n"))
        let rows = Self.parseCSV(csv)
        #expect(rows.count == 4, "\(csv)")
        #expect(
            rows.first == [
                "practice_id", "name", "calls_offered", "calls_answered", "talk_seconds", "talk_minutes", "messages_taken", "appointments_booked",
                "sms_sent", "sms_segments", "webhooks_delivered"
            ])
        #expect(rows[1].first == "cab-a" && Array(rows[1].dropFirst(2)) == ["3", "2", "450", "7.50", "1", "0", "2", "4", "2"], "\(csv)")
        #expect(rows[2].first == "cab-b" && Array(rows[2].dropFirst(2)) == ["1", "1", "60", "1.00", "2", "1", "1", "2", "0"], "\(csv)")
        #expect(rows[3] == ["", "Total", "4", "3", "510", "8.50", "3", "1", "3", "6", "2"], "\(csv)")
    }

    @Test func aFieldWithACommaAQuoteOrALineBreakIsQuoted() {
        #expect(UsageReport.csvField("Cabinet Dupont") == "Cabinet Dupont")
        #expect(UsageReport.csvField("Dupont, Martin & associés") == "\"Dupont, Martin & associés\"")
        #expect(UsageReport.csvField("Le \"Tilleul\"") == "\"Le \"\"Tilleul\"\"\"")
        #expect(UsageReport.csvField("ligne\r\nsuivante") == "\"ligne\r\nsuivante\"")
    }

    @Test func badPeriodsAndFormatsAreRefusedNamingTheField() async throws {
        let contract = try await ContractHost(practices: ["cab-a", "cab-b"])
        defer { Task { await contract.shutdown() } }
        func refusal(_ params: JSONValue) async -> (Int?, String?) {
            guard case .failure(let error) = await contract.call("usage.report", params) else { return (nil, nil) }
            return (error.code.rawValue, error.data?["field"]?.stringValue)
        }
        #expect(await refusal(["from": "hier", "to": Self.to]) == (-32602, "from"))
        #expect(await refusal(["from": Self.from]) == (-32602, "to"))
        #expect(await refusal(["from": Self.from, "to": Self.to, "format": "xlsx"]) == (-32602, "format"))
        #expect(await refusal(["from": Self.to, "to": Self.from]) == (-32022, "to"))
        #expect(await refusal(["from": Self.from, "to": Self.from]) == (-32022, "to"))
        #expect(await refusal(["from": "2025-01-01T00:00:00+01:00", "to": Self.to]) == (-32022, "to"))
        #expect(await refusal(["from": Self.from, "to": Self.to, "practiceIds": ["cab-z"]]).0 == -32004)
    }

    @Test func aPracticeOutsideTheTokensScopeIsRefused() async throws {
        let contract = try await ContractHost(practices: ["cab-a", "cab-b"])
        defer { Task { await contract.shutdown() } }
        let secret = try contract.host.tokens.create(name: "admin-a", role: .admin, practices: ["cab-a"], at: ContractHost.now)
        let session = contract.dispatcher.openSession(transport: .tcp, role: nil, actor: "", sink: { _ in })
        _ = try await contract.call("initialize", ["token": .string(secret)], session: session).get()
        for params: JSONValue in [
            ["from": Self.from, "to": Self.to, "practiceIds": ["cab-a", "cab-b"]], ["from": Self.from, "to": Self.to, "practiceId": "cab-b"]
        ] {
            guard case .failure(let error) = await contract.call("usage.report", params, session: session) else {
                Issue.record("answered \(params)")
                continue
            }
            #expect(error.code.rawValue == -32002, "\(error)")
        }
        // Without naming any: the practices it may act for, A alone.
        let own = try await contract.call("usage.report", ["from": Self.from, "to": Self.to], session: session).get()
        #expect(own["practices"]?.arrayValue?.map { $0["practiceId"]?.stringValue } == ["cab-a"])
        // A secretary of every practice may not read the billing figures.
        let secretary = try contract.host.tokens.create(name: "sec", role: .secretary, practices: nil, at: ContractHost.now)
        let other = contract.dispatcher.openSession(transport: .tcp, role: nil, actor: "", sink: { _ in })
        _ = try await contract.call("initialize", ["token": .string(secretary)], session: other).get()
        guard case .failure(let error) = await contract.call("usage.report", ["from": Self.from, "to": Self.to], session: other) else {
            Issue.record("a secretary read the billing figures")
            return
        }
        #expect(error.code.rawValue == -32002)
    }

    @Test func aModuleDisabledInTheFirstPracticeStillCountsForTheOthers() async throws {
        // A without the KPI module, B with it, on one store: the report runs on A's host.
        let clock = ManualClock(ContractHost.now)
        let store = try Store()
        var hosts: [KernelHost] = []
        for (i, id) in ["cab-a", "cab-b"].enumerated() {
            var yaml = ExamplePractice.yaml.replacingOccurrences(of: "  id: msp-tilleuls", with: "  id: \(id)")
                .replacingOccurrences(of: #"numbers: ["+33465710010"]"#, with: "numbers: [\"+334657100\(20 + i)\"]")
            if id == "cab-a" { yaml += "\nplugins: {disabled: [kpi]}\n" }
            let document = try ConfigurationDocument(yaml: yaml, source: id)
            let host = try KernelHost(store: store, clock: clock, configuration: document)
            try await host.install(try PluginCatalog.plugins(for: document))
            hosts.append(host)
        }
        #expect(!hosts[0].plugins.contains { $0.id == "kpi" })
        let dispatcher = Dispatcher(practices: PracticeHosts(hosts))
        let session = dispatcher.openSession(transport: .inProcess, role: .admin, actor: "usage", sink: { _ in })
        defer { Task { await dispatcher.practices.shutdown() } }
        func call(_ method: String, _ params: JSONObject) async throws -> JSONValue {
            switch await dispatcher.call(Request(method: method, params: .object(params), id: 1), session: session) {
            case .success(let bytes): return try JSONParser.parse(bytes)
            case .failure(let error): throw error
            }
        }
        // B's call, as an import stores it (the dispatcher finds methods on the first practice's host: no kpi.import here).
        let offered = RFC3339.parse("2026-03-30T08:30:00+02:00")!.timeIntervalSince1970
        try await store.write { db in
            try db.run(
                """
                INSERT INTO kpi_call(practiceId, offeredSecond, dedupKey, callId, queue, offeredAt, answeredAt, endedAt, waitSeconds, talkSeconds,
                  outcome, ringNoAnswerCount, importedAt)
                VALUES ('cab-b', ?, 'q|b1|0', 'b1', 'q', ?, ?, ?, 5, 60, 'answered', 0, ?)
                """, [Int64(offered), offered, offered + 5, offered + 65, offered])
        }
        let report = try await call("usage.report", ["from": Self.from, "to": Self.to, "practiceIds": ["cab-a", "cab-b"]])
        #expect(report["practices"]?.arrayValue?.map { $0["callsOffered"] } == [0, 1], "\(report)")
    }

    /// Rows of an RFC 4180 text (quoted fields, doubled quotes, CRLF line ends).
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = scalars.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\r" {
                continue
            } else if c == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        return rows
    }
}
