import Foundation
import JSONRPC
import Testing

/// Repeat callers and callback numbers through the built executable: a repeat call keeps the
/// first promise, calls nobody answered (recorded or imported) count as repeats and join the
/// number's history, and a 16-character number reaches the SMS gateway whole.
@Suite(.serialized) struct RepeatCallEndToEndTests {
    static let german = "+491512345678901"

    @Test func aRepeatCallKeepsItsDeadlineAndAnAbandonedCallIsSeen() throws {
        let server = try ServerProcess.tcp(clock: "2026-04-07T10:00:00+02:00")
        defer { server.stop() }
        let admin = try server.client(role: "admin")
        let client = try server.client(role: "secretary")
        let patient = try #require(
            try client.result(
                "patients.create",
                [
                    "lastName": "Dupont", "firstName": "Marc", "birthDate": "1978-11-20", "phone": "06 12 34 56 78"
                ])["id"]?.stringValue)
        func take(_ text: String) throws -> JSONValue {
            try client.result(
                "messaging.take",
                [
                    "patientId": .string(patient), "category": "appointment", "text": .string(text),
                    "callbackNumber": "06 98 76 54 32", "urgency": "normal"
                ])
        }
        // Tuesday 10:00: the practice promises a callback by Wednesday 12:00.
        let first = try take("Souhaite déplacer son rendez-vous de jeudi.")
        #expect(first["message"]?["dueAt"] == "2026-04-08T12:00:00+02:00")

        // Wednesday 08:30 the patient calls again: the promise is not pushed to Thursday.
        _ = try admin.result("kernel.clock.set", ["at": "2026-04-08T08:30:00+02:00"])
        let second = try take("Personne ne m'a rappelé.")
        #expect(second["message"]?["dueAt"] == "2026-04-08T12:00:00+02:00")
        #expect(second["repeat"]?["alreadyRegistered"] == true)
        #expect(second["repeat"]?["count"] == 2)
        #expect(second["callerNotice"] == "Votre demande est déjà enregistrée : le cabinet vous rappellera aujourd'hui avant 12 h.")

        // 08:40 a call from the same number is abandoned in the queue; at 09:00 the patient gets through.
        _ = try admin.result("kernel.clock.set", ["at": "2026-04-08T08:45:00+02:00"])
        _ = try client.result(
            "contacts.record",
            [
                "channel": "phone", "direction": "inbound", "caller": ["phone": "06 98 76 54 32", "relationship": "self"],
                "motive": "appointment", "offeredAt": "2026-04-08T08:40:00+02:00", "abandonedAt": "2026-04-08T08:41:00+02:00"
            ])
        _ = try admin.result("kernel.clock.set", ["at": "2026-04-08T09:00:00+02:00"])
        let third = try take("Quatrième appel, dont un resté sans réponse.")
        let info = try #require(third["repeat"])
        #expect(info["count"] == 4)
        #expect(info["phrase"] == "4e appel depuis hier 10:00")
        #expect(info["missedCalls"]?.arrayValue?.count == 1)
        #expect(info["missedCalls"]?.arrayValue?.first?["abandonedAt"] == "2026-04-08T08:41:00+02:00")
        // The example's policy: from the third call within 24 h, urgency is raised — which only brings the deadline earlier.
        #expect(info["policy"] == "raise-urgency")
        #expect(third["message"]?["urgency"] == "urgent")
        #expect(third["message"]?["dueAt"] == "2026-04-08T11:00:00+02:00")
        #expect(third["callerNotice"]?.stringValue?.hasPrefix("Votre demande est déjà enregistrée et traitée en urgence") == true)

        // The patient's history shows the abandoned call, from the number they are called back on.
        let history = try client.result("contacts.history", ["patientId": .string(patient)])
        let abandoned = history["entries"]?.arrayValue?.filter { $0["abandonedAt"] != nil } ?? []
        #expect(abandoned.count == 1)
        #expect(abandoned.first?["match"] == "phone")
        #expect(history["entries"]?.arrayValue?.count == 4)
    }

    @Test func importedCallsJoinTheNumbersHistoryAndCountAsRepeats() throws {
        let server = try ServerProcess.tcp(clock: "2026-04-08T09:00:00+02:00")
        defer { server.stop() }
        let admin = try server.client(role: "admin")
        // Yesterday 18:20 a call from 06 11 22 33 44 was abandoned after 45 s (the telephony's queue_log).
        let t = 1_775_578_800 // 2026-04-07T18:20:00+02:00
        let log = "\(t)|c1|accueil|NONE|ENTERQUEUE||0611223344|1\n\(t + 45)|c1|accueil|NONE|ABANDON|1|1|45\n"
        let imported = try admin.result("kpi.import", ["format": "queue-log", "content": .string(log)])
        #expect(imported["imported"] == 1)
        let history = try admin.result("contacts.history", ["phone": "06 11 22 33 44"])
        let entry = try #require(history["entries"]?.arrayValue?.first)
        #expect(history["entries"]?.arrayValue?.count == 1)
        #expect(entry["source"] == "kpi")
        #expect(entry["abandonedAt"] == "2026-04-07T18:20:45+02:00")

        // The same through `permanence import` on the serving database: another number's timed-out call.
        let file = server.directory.appendingPathComponent("queue_log")
        try "\(t + 600)|c2|accueil|NONE|ENTERQUEUE||+33 6 55 44 33 22|1\n\(t + 720)|c2|accueil|NONE|EXITWITHTIMEOUT|1|1|120\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let cli = try Executable.run(["import", "queue-log", file.path, "--db", server.dbPath])
        #expect(cli.status == 0, "\(cli.stderr)")
        let other = try admin.result("contacts.history", ["phone": "06 55 44 33 22"])
        #expect(other["entries"]?.arrayValue?.first?["outcome"] == "timedOut")

        // « J'ai appelé hier, personne n'a répondu »: the call taken this morning shows it.
        let secretary = try server.client(role: "secretary")
        let taken = try secretary.result(
            "messaging.take",
            [
                "caller": ["name": "M. Petit"], "category": "results", "text": "Attend ses résultats.",
                "callbackNumber": "06 11 22 33 44", "urgency": "normal"
            ])
        #expect(taken["repeat"]?["count"] == 2)
        #expect(taken["repeat"]?["phrase"] == "2e appel depuis hier 18:20")
        #expect(taken["repeat"]?["missedCalls"]?.arrayValue?.first?["source"] == "kpi")

        // The indicators count each imported call once.
        let summary = try admin.result("kpi.summary", ["from": "2026-04-07T00:00:00+02:00", "to": "2026-04-08T00:00:00+02:00"])
        #expect(summary["offered"] == 2)
    }

    @Test func aSixteenCharacterNumberReachesTheGatewayWhole() throws {
        let receiver = try HTTPReceiver()
        defer { receiver.stop() }
        let example = try MessagingEndToEndTests.configuration(receiver: receiver)
        let original = "urgentMessage: \"{practice} : message urgent de {time}, rappel sous 2 h au {callback}. Répondez OK {code}.\""
        #expect(example.contains(original))
        // 160 characters with the longest number once filled (« MSP Tilleuls », a 6-character code, `+` and 15 digits).
        func configuration(filler: Int) -> String {
            example.replacingOccurrences(
                of: original,
                with: "urgentMessage: \"{practice} : message urgent de {time}, réf. {code}. "
                    + String(repeating: "x", count: filler) + " Rappeler le {callback}\"")
        }
        // Two characters more fit with a 14-character French number, not with the longest one: refused.
        let directory = try Executable.temporaryDirectory()
        let tooLong = directory.appendingPathComponent("too-long.yaml")
        try configuration(filler: 80).write(to: tooLong, atomically: true, encoding: .utf8)
        let check = try Executable.run(["config", "check", tooLong.path])
        #expect(check.status == 1)
        #expect(check.stderr.contains("messaging.sms.urgentMessage"))
        #expect(check.stderr.contains("16 characters"), "\(check.stderr)")

        let server = try ServerProcess.tcp(config: configuration(filler: 78))
        defer { server.stop() }
        let client = try server.client(role: "secretary")
        let taken = try client.result(
            "messaging.take",
            [
                "caller": ["name": "Mme Weber"], "category": "other", "text": "Touriste allemande, douleur depuis ce matin.",
                "callbackNumber": "+49 1512 3456 78901", "urgency": "urgent", "practitionerId": "dr-martin"
            ])
        #expect(taken["message"]?["callbackNumber"] == .string(Self.german))
        let sms = try receiver.waitFor { $0.path == "/sms/send" }
        let text = try #require(try JSONParser.parse(sms.body)["text"]?.stringValue)
        #expect(text.hasSuffix("Rappeler le " + Self.german), "\(text)")
        #expect(text.count == 160)
        #expect(text.contains(try #require(taken["message"]?["code"]?.stringValue)))
        #expect(!text.contains("douleur"))
    }
}
