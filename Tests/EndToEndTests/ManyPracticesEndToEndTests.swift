import Foundation
import JSONRPC
import Testing

/// One server answering for a directory of three practices over TCP with the built executable: the
/// dialled number opens its practice, requests name their practice (or not, when the session acts
/// for one), a token acts only for its practices, and what is done in one practice is not seen in
/// another.
@Suite struct ManyPracticesEndToEndTests {
    static let numbers = ["cab-a": "+33465710011", "cab-b": "+33465710012", "cab-c": "+33465710013"]

    /// The example practice three times, with other ids and numbers (same practitioners' ids: they
    /// are only unique within a practice).
    static func server() throws -> ServerProcess {
        let example = try PracticeDirectoryEndToEndTests.example()
        var files: [String: String] = [:]
        for (id, number) in numbers {
            files["\(id).yaml"] = example.replacingOccurrences(of: "  id: msp-tilleuls", with: "  id: \(id)")
                .replacingOccurrences(of: #"numbers: ["+33465710010"]"#, with: "numbers: [\"\(number)\"]")
        }
        let dir = try PracticeDirectoryEndToEndTests.directory(files)
        return try ServerProcess.tcp(clock: "2026-03-10T09:00:00+01:00", extraArgs: ["--practices", dir.path])
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
        let server = try Self.server()
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
    }

    @Test func whatIsDoneInOnePracticeIsNotSeenInAnother() throws {
        let server = try Self.server()
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
        #expect(searchA["items"]?.arrayValue?.isEmpty == true, "\(searchA)")
        #expect(
            try secretary.call("agenda.cancel", ["practiceId": "cab-a", "appointmentId": .string(appointmentB), "reason": "x"])["error"]?["code"]
                == -32004)
        let message = try secretary.result(
            "messaging.take",
            [
                "practiceId": "cab-b", "category": "results", "text": "Rappeler pour résultats", "callbackNumber": "+33612345678", "urgency": "normal",
                "patientId": .string(inB)
            ])
        let messageId = try #require(message["id"]?.stringValue ?? message["messageId"]?.stringValue, "\(message)")
        #expect(try secretary.call("messaging.get", ["practiceId": "cab-a", "messageId": .string(messageId)])["error"]?["code"] == -32004)
        #expect(try secretary.result("messaging.list", ["practiceId": "cab-a"])["items"]?.arrayValue?.isEmpty == true)
        #expect(try secretary.result("messaging.list", ["practiceId": "cab-b"])["items"]?.arrayValue?.count == 1)
        let incident = try secretary.result(
            "escalation.raise", ["practiceId": "cab-b", "caller": "+33612345678", "reason": "douleur thoracique", "urgency": "urgent"])
        #expect(incident["id"] != nil || incident["incidentId"] != nil, "\(incident)")
        #expect(try secretary.result("escalation.list", ["practiceId": "cab-a"])["items"]?.arrayValue?.isEmpty == true)
        #expect(try secretary.result("escalation.list", ["practiceId": "cab-b"])["items"]?.arrayValue?.count == 1)
        // Nothing reached cab-c.
        #expect(try secretary.result("patients.search", ["practiceId": "cab-c", "text": "Moreau"])["items"]?.arrayValue?.isEmpty == true)
    }
}
