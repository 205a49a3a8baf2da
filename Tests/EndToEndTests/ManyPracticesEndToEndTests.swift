import Foundation
import JSONRPC
import PermanenceTesting
import Testing

/// One server answering for a directory of three practices over TCP with the built executable: the
/// dialled number opens its practice, requests name their practice (or not, when the session acts
/// for one), a token acts only for its practices, and what is done in one practice is not seen in
/// another.
@Suite struct ManyPracticesEndToEndTests {
    static let numbers = ["cab-a": "+33465710011", "cab-b": "+33465710012", "cab-c": "+33465710013"]

    /// The example practice's file for `id`, with its number.
    static func file(_ id: String) throws -> String {
        try PracticeDirectoryEndToEndTests.example().replacingOccurrences(of: "  id: msp-tilleuls", with: "  id: \(id)")
            .replacingOccurrences(of: #"numbers: ["+33465710010"]"#, with: "numbers: [\"\(numbers[id]!)\"]")
    }

    /// The example practice three times, with other ids and numbers (same practitioners' ids: they
    /// are only unique within a practice), served on Tuesday 10 March 2026 at 09:00.
    static func server() throws -> (ServerProcess, URL) {
        var files: [String: String] = [:]
        for id in numbers.keys { files["\(id).yaml"] = try file(id) }
        let dir = try PracticeDirectoryEndToEndTests.directory(files)
        return (try ServerProcess.tcp(clock: "2026-03-10T09:00:00+01:00", extraArgs: ["--practices", dir.path]), dir)
    }

    /// Each practice's centre site mode now, from `practices.list`.
    static func centreModes(_ client: LineClient) throws -> [String: String] {
        var modes: [String: String] = [:]
        for p in try client.result("practices.list")["practices"]?.arrayValue ?? [] {
            modes[p["id"]?.stringValue ?? ""] = p["sites"]?.arrayValue?.first { $0["id"] == "centre" }?["mode"]?.stringValue
        }
        return modes
    }

    static func token(_ server: ServerProcess, role: String, practices: String?) throws -> Executable.Output {
        var args = ["token", "create", "--role", role, "--name", "\(role)-\(UUID().uuidString.prefix(8))", "--db", server.dbPath]
        if let practices { args += ["--practices", practices] }
        return try Executable.run(args)
    }

    static func session(_ server: ServerProcess, role: String, practices: String?) throws -> (LineClient, JSONValue) {
        let created = try token(server, role: role, practices: practices)
        guard created.status == 0 else { throw HarnessError("token create: \(created.stderr)") }
        let client = try server.connect()
        let hello = try client.call(
            "initialize", ["clientInfo": ["name": "e2e"], "token": .string(created.stdout.trimmingCharacters(in: .whitespacesAndNewlines))])
        return (client, hello)
    }

    static func patient(_ client: LineClient, in practice: String, lastName: String) throws -> String {
        let created = try client.result(
            "patients.create",
            [
                "practiceId": .string(practice), "lastName": .string(lastName), "firstName": "Léa", "birthDate": "1984-05-02",
                "phone": "+33612345678"
            ])
        return try #require(created["id"]?.stringValue)
    }

    static func firstSlot(_ client: LineClient, in practice: String) throws -> JSONValue {
        let slots = try client.result(
            "agenda.findSlots",
            ["practiceId": .string(practice), "appointmentTypeId": "consultation", "from": "2026-03-12T08:00:00+01:00", "limit": 1])
        return try #require(slots.arrayValue?.first)
    }

    static func book(_ client: LineClient, _ slot: JSONValue, patient: String, in practice: String) throws -> JSONValue {
        try client.call(
            "agenda.book",
            [
                "practiceId": .string(practice), "practitionerId": slot["practitionerId"]!, "siteId": slot["siteId"]!, "start": slot["start"]!,
                "appointmentTypeId": "consultation", "patientId": .string(patient)
            ])
    }

    @Test func theDialledNumberOpensItsPracticeAndATokenActsOnlyForItsPractices() throws {
        let (server, _) = try Self.server()
        defer { server.stop() }
        let (secretary, hello) = try Self.session(server, role: "secretary", practices: "cab-a,cab-b")
        #expect(hello["result"]?["practices"] == ["cab-a", "cab-b"], "\(hello)")
        let listed = try secretary.result("practices.list")
        #expect(listed["practices"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["cab-a", "cab-b"])

        for practice in ["cab-a", "cab-b"] {
            let sheet = try secretary.result("calls.identify", ["dialled": .string(Self.numbers[practice]!), "caller": "+33611223344"])
            #expect(sheet["practice"]?["id"] == .string(practice), "\(sheet)")
        }
        let national = try secretary.result("calls.identify", ["dialled": "04 65 71 00 12"])
        #expect(national["practice"]?["id"] == "cab-b")
        #expect(try secretary.call("calls.identify", ["dialled": .string(Self.numbers["cab-c"]!)])["error"]?["code"] == -32002)
        let unknown = try secretary.call("calls.identify", ["dialled": "+33465719999"])
        #expect(unknown["error"]?["code"] == -32004 && unknown["error"]?["data"]?["field"] == "dialled", "\(unknown)")

        func create(_ practice: JSONValue?) -> JSONValue {
            var o: JSONObject = ["lastName": "Moreau", "firstName": "Léa", "birthDate": "1984-05-02", "phone": "+33612345678"]
            if let practice { o["practiceId"] = practice }
            return .object(o)
        }
        let missing = try secretary.call("patients.create", create(nil))
        #expect(missing["error"]?["code"] == -32602 && missing["error"]?["data"]?["field"] == "practiceId", "\(missing)")
        #expect(try secretary.call("patients.create", create("cab-c"))["error"]?["code"] == -32002)
        let nowhere = try secretary.call("patients.create", create("cab-z"))
        #expect(nowhere["error"]?["code"] == -32004 && nowhere["error"]?["data"]?["field"] == "practiceId", "\(nowhere)")
        #expect(try secretary.call("patients.create", create(3))["error"]?["data"]?["field"] == "practiceId")
        #expect(try secretary.call("kernel.ping")["result"] == "pong", "the session goes on")

        // A practice's own staff token acts for its practice without naming it, and for no other.
        let (staff, staffHello) = try Self.session(server, role: "staff", practices: "cab-c")
        #expect(staffHello["result"]?["practices"] == ["cab-c"])
        #expect(try staff.call("patients.search", ["text": "Moreau"])["result"] != nil)
        #expect(try staff.call("patients.search", ["practiceId": "cab-a", "text": "Moreau"])["error"]?["code"] == -32002)
        // A staff token that names no practice is refused on a server answering for several.
        let (_, vague) = try Self.session(server, role: "staff", practices: nil)
        #expect(vague["error"]?["code"] == -32002, "\(vague)")
        let twice = try Self.token(server, role: "practitioner", practices: "cab-a,cab-b")
        #expect(twice.status != 0 && twice.stderr.contains("names exactly one practice"), "\(twice.stderr)")
        // `token list` names each token's practices.
        let tokens = try Executable.run(["token", "list", "--db", server.dbPath]).stdout.split(separator: "\n")
        #expect(tokens.contains { $0.contains("\tsecretary\tcab-a,cab-b\t") }, "\(tokens)")
        #expect(tokens.contains { $0.contains("\tstaff\tcab-c\t") } && tokens.contains { $0.contains("\tstaff\tall\t") }, "\(tokens)")
    }

    /// Threads do not grow with the practices served: they share one HTTP client, whose transfer
    /// threads start with the first delivery (before: 16 curl threads per practice at start).
    @Test func practicesShareTheirThreads() throws {
        let (server, _) = try Self.server()
        defer { server.stop() }
        let (secretary, _) = try Self.session(server, role: "secretary", practices: nil)
        _ = try secretary.result("practices.list")
        let threads = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(server.process.processIdentifier)/task").count
        #expect(threads < 40, "\(threads) threads for three practices")
    }

    @Test func whatIsDoneInOnePracticeIsNotSeenInAnother() throws {
        let (server, _) = try Self.server()
        defer { server.stop() }
        let (secretary, _) = try Self.session(server, role: "secretary", practices: nil)
        let (console, _) = try Self.session(server, role: "admin", practices: nil)
        let subscribed = try console.result("events.subscribe", ["topics": ["agenda.booked"], "practiceIds": ["cab-b"]])
        #expect(subscribed["topics"] == ["agenda.booked"])

        let inA = try Self.patient(secretary, in: "cab-a", lastName: "Moreau")
        let inB = try Self.patient(secretary, in: "cab-b", lastName: "Petit")
        // The same practitioner id and time in two practices are two agendas.
        let slotA = try Self.firstSlot(secretary, in: "cab-a")
        let slotB = try Self.firstSlot(secretary, in: "cab-b")
        #expect(slotA["start"] == slotB["start"] && slotA["practitionerId"] == slotB["practitionerId"])
        let bookedA = try Self.book(secretary, slotA, patient: inA, in: "cab-a")
        #expect(bookedA["result"]?["id"] != nil, "\(bookedA)")
        let bookedB = try Self.book(secretary, slotB, patient: inB, in: "cab-b")
        let appointmentB = try #require(bookedB["result"]?["id"]?.stringValue, "\(bookedB)")
        // The console asked for cab-b's bookings: cab-a's, made first, is not pushed.
        let event = try console.nextNotification("agenda.booked")
        #expect(event["params"]?["practiceId"] == "cab-b", "\(event)")

        // B's patient, appointment, message and incident are not found through A.
        #expect(try secretary.call("patients.get", ["practiceId": "cab-a", "patientId": .string(inB)])["error"]?["code"] == -32004)
        let searchA = try secretary.result("patients.search", ["practiceId": "cab-a", "text": "Petit"])
        #expect(searchA["patients"]?.arrayValue?.isEmpty == true, "\(searchA)")
        #expect(
            try secretary.call("agenda.cancel", ["practiceId": "cab-a", "appointmentId": .string(appointmentB), "reason": "x"])["error"]?["code"]
                == -32004)
        let message = try secretary.result(
            "messaging.take",
            [
                "practiceId": "cab-b", "category": "results", "text": "Rappeler pour résultats", "callbackNumber": "+33612345678", "urgency": "normal",
                "patientId": .string(inB)
            ])
        let messageId = try #require(message["message"]?["id"]?.stringValue, "\(message)")
        #expect(try secretary.call("messaging.get", ["practiceId": "cab-a", "messageId": .string(messageId)])["error"]?["code"] == -32004)
        #expect(try secretary.result("messaging.list", ["practiceId": "cab-a"])["messages"]?.arrayValue?.isEmpty == true)
        #expect(try secretary.result("messaging.list", ["practiceId": "cab-b"])["messages"]?.arrayValue?.count == 1)
        let incident = try secretary.result(
            "escalation.raise", ["practiceId": "cab-b", "caller": "+33612345678", "reason": "douleur thoracique", "urgency": "urgent"])
        #expect(incident["incident"]?["id"] != nil, "\(incident)")
        #expect(try secretary.result("escalation.list", ["practiceId": "cab-a"])["items"]?.arrayValue?.isEmpty == true)
        #expect(try secretary.result("escalation.list", ["practiceId": "cab-b"])["items"]?.arrayValue?.count == 1)
        // Nothing reached cab-c.
        #expect(try secretary.result("patients.search", ["practiceId": "cab-c", "text": "Moreau"])["patients"]?.arrayValue?.isEmpty == true)
    }

    /// The HTTP edge serves every practice's routes under `/practices/{id}`: a calendar feed of
    /// practice B is fetched at B's address only (the root serves the first practice, cab-a).
    @Test func eachPracticesHTTPRoutesAreServedUnderItsPrefix() throws {
        var files: [String: String] = [:]
        for id in Self.numbers.keys { files["\(id).yaml"] = try Self.file(id) }
        let dir = try PracticeDirectoryEndToEndTests.directory(files)
        let server = try ServerProcess.tcp(clock: "2026-03-10T09:00:00+01:00", extraArgs: ["--practices", dir.path, "--http", "127.0.0.1:0"])
        defer { server.stop() }
        let line = try server.waitForLog(containing: "HTTP edge on")
        let base = "http://127.0.0.1:" + (line.split(separator: ":").last.map(String.init) ?? "")
        let (admin, _) = try Self.session(server, role: "admin", practices: nil)
        let inB = try Self.patient(admin, in: "cab-b", lastName: "Petit")
        let booked = try Self.book(admin, try Self.firstSlot(admin, in: "cab-b"), patient: inB, in: "cab-b")
        #expect(booked["result"]?["id"] != nil, "\(booked)")
        let practitioner = try #require(booked["result"]?["practitionerId"])
        let feed = try admin.result("calendars.createFeed", ["practiceId": "cab-b", "practitionerId": practitioner])
        let token = try #require(feed["token"]?.stringValue)
        #expect(feed["url"]?.stringValue?.hasSuffix("/practices/cab-b/calendars/\(token).ics") == true, "\(feed)")
        func get(_ path: String) throws -> (status: String, body: String) {
            let out = try ChildProcess.run("curl", ["-s", "-w", "\n%{http_code}", base + path], seconds: 30)
            let lines = out.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            return (String(lines.last ?? ""), lines.dropLast().joined(separator: "\n"))
        }
        let fromB = try get("/practices/cab-b/calendars/\(token).ics")
        #expect(fromB.status == "200")
        #expect(fromB.body.contains("BEGIN:VEVENT") && fromB.body.contains("P. L."), "\(fromB.body)")
        #expect(try get("/practices/cab-a/calendars/\(token).ics").status == "404", "A's address does not serve B's feed")
        #expect(try get("/calendars/\(token).ics").status == "404", "the root is the first practice's (cab-a)")
        #expect(try get("/practices/cab-z/calendars/\(token).ics").status == "404")
        #expect(try get("/livez").status == "200")
    }

    @Test func aReloadChangesTheEditedPracticeOnlyAndKeepsSessions() throws {
        let (server, dir) = try Self.server()
        defer { server.stop() }
        let (console, _) = try Self.session(server, role: "admin", practices: nil)
        #expect(try Self.centreModes(console) == ["cab-a": "open", "cab-b": "open", "cab-c": "open"])
        _ = try console.result("events.subscribe", ["topics": ["agenda.booked"]])

        // cab-b's desk now opens at 10:00 on Tuesdays.
        let later = try Self.file("cab-b").replacingOccurrences(
            of: #"      tuesday:   ["08:00-12:30", "13:30-19:00"]"#, with: #"      tuesday:   ["10:00-12:30", "13:30-19:00"]"#)
        #expect(later != (try Self.file("cab-b")))
        try later.write(to: dir.appendingPathComponent("cab-b.yaml"), atomically: true, encoding: .utf8)
        let report = try console.result("practices.reload")
        #expect(report["changed"] == ["cab-b"] && report["unchanged"] == ["cab-a", "cab-c"], "\(report)")
        #expect(report["problems"] == [], "\(report)")
        #expect(try Self.centreModes(console) == ["cab-a": "open", "cab-b": "closed", "cab-c": "open"])

        // The session and its subscription carry over to cab-b's new version.
        let inB = try Self.patient(console, in: "cab-b", lastName: "Petit")
        let slot = try Self.firstSlot(console, in: "cab-b")
        #expect(try Self.book(console, slot, patient: inB, in: "cab-b")["result"] != nil)
        #expect(try console.nextNotification("agenda.booked")["params"]?["practiceId"] == "cab-b")

        // A broken file is told with its line; its practice keeps its previous version.
        let typo = try Self.file("cab-c").replacingOccurrences(of: "acceptsNewPatients:", with: "acceptNewPatients:")
        try typo.write(to: dir.appendingPathComponent("cab-c.yaml"), atomically: true, encoding: .utf8)
        let refused = try console.result("practices.reload")
        let problem = try #require(refused["problems"]?.arrayValue?.first, "\(refused)")
        #expect(problem["file"]?.stringValue?.hasSuffix("cab-c.yaml") == true && problem["keptPracticeId"] == "cab-c")
        let errors = problem["errors"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(errors.contains { $0.contains("line ") && $0.contains("did you mean `acceptsNewPatients`") }, "\(errors)")
        #expect(try console.result("calls.identify", ["dialled": .string(Self.numbers["cab-c"]!)])["practice"]?["id"] == "cab-c")

        // A new file adds its practice; SIGHUP applies the directory as practices.reload does.
        let fourth = try Self.file("cab-a").replacingOccurrences(of: "  id: cab-a", with: "  id: cab-d")
            .replacingOccurrences(of: #"numbers: ["+33465710011"]"#, with: #"numbers: ["+33465710014"]"#)
        try fourth.write(to: dir.appendingPathComponent("cab-d.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("cab-a.yaml"))
        kill(server.process.processIdentifier, SIGHUP)
        let line = try server.waitForLog(containing: "permanence: reload: added cab-d")
        #expect(line.contains("removed cab-a"), "\(line)")
        #expect(try console.result("calls.identify", ["dialled": "+33465710014"])["practice"]?["id"] == "cab-d")
        #expect(try console.call("patients.search", ["practiceId": "cab-a"])["error"]?["code"] == -32004)
        #expect(try console.call("kernel.ping")["result"] == "pong")
    }
}
