import Foundation
import JSONRPC
import Testing

/// Oversized input is refused before any work, naming the field, and an internal error shows only
/// an incident id, over the built executable.
@Suite(.serialized) struct InputBoundsEndToEndTests {
    @Test func longSearchesAnswerInvalidParams() throws {
        let server = try ServerProcess.tcp()
        defer { server.stop() }
        let client = try server.client(role: "secretary")
        _ = try client.result("patients.create", ["lastName": "Lefèvre", "firstName": "Hélène", "birthDate": "1980-02-29", "phone": "06 12 34 56 78"])
        let inputs = [
            String(repeating: "a", count: 49_999), // SQLite's LIKE pattern limit
            Array(repeating: "ab", count: 990).joined(separator: " "), // expression depth
            String(repeating: "lefevre ", count: 125_000), // 1 MB
            "a b c d e f g h i" // nine words
        ]
        for text in inputs {
            let r = try client.call("patients.search", ["text": .string(text)])
            #expect(r["error"]?["code"] == -32602, "\(text.prefix(20))… (\(text.count) characters)")
            #expect(r["error"]?["data"]?["field"] == "text")
            let reply = JSONWriter.string(r)
            #expect(!reply.contains("SELECT") && !reply.contains("LIKE"))
        }
        // A normal search still finds the patient.
        let found = try client.result("patients.search", ["text": "helene lef"])
        #expect(found["patients"]?.arrayValue?.count == 1)
    }

    @Test func oneMegabyteLastNameIsRefusedNamingTheField() throws {
        let server = try ServerProcess.tcp()
        defer { server.stop() }
        let client = try server.client(role: "secretary")
        for name in [String(repeating: "é", count: 500_000), String(repeating: "a", count: 101)] {
            let r = try client.call(
                "patients.create",
                [
                    "lastName": .string(name), "firstName": "Paul", "birthDate": "1990-04-12",
                    "phone": "06 12 34 56 78"
                ])
            #expect(r["error"]?["code"] == -32602)
            #expect(r["error"]?["data"]?["field"] == "lastName")
        }
        let caller = try client.call(
            "messaging.take",
            [
                "category": "other", "urgency": "normal", "text": "Rappeler", "callbackNumber": "06 12 34 56 78",
                "caller": ["name": .string(String(repeating: "x", count: 1_000_000))]
            ])
        #expect(caller["error"]?["code"] == -32602)
        #expect(caller["error"]?["data"]?["field"] == "caller.name")
        #expect(try client.call("kernel.ping")["result"] == "pong")
    }

    @Test func internalErrorRepliesWithAnIncidentIdOnly() throws {
        let server = try ServerProcess.tcp(extraArgs: ["--conformance"])
        defer { server.stop() }
        let client = try server.client()
        let r = try client.call("conformance.fail")
        #expect(r["error"]?["code"] == -32603)
        let incident = try #require(r["error"]?["data"]?["incident"]?.stringValue)
        #expect(incident.hasPrefix("err_"))
        let reply = JSONWriter.string(r)
        #expect(!reply.contains("secret_internals") && !reply.contains("SELECT") && !reply.contains("SQLite"))
        // The log line repeats the incident id with the details, for the operator.
        let deadline = Date().addingTimeInterval(10)
        while !server.log.contains(incident) && Date() < deadline { usleep(10_000) }
        let line = server.log.split(separator: "\n").first { $0.contains(incident) }
        #expect(line?.contains("secret_internals") == true, "\(server.log)")
    }
}
