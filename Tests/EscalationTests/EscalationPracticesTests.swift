import Foundation
import GRDB
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Testing

@testable import Escalation

/// Incidents, their pages, triage sessions and on-call overrides belong to a practice: two hosts on
/// one database file (practices `cab-a` and `cab-b`, as two nodes would run them) never see, change,
/// page for or acknowledge each other's, and a database written before rows carried their practice
/// keeps them all for the practice that owned it.
struct EscalationPracticesTests {
    static let start = "2026-03-10T09:01:00+01:00"

    struct Side {
        let server: TestServer
        let plugin: EscalationPlugin

        func call(_ method: String, _ params: JSONValue = [:]) async throws -> JSONValue { try await server.call(method, params, role: .admin) }

        func error(_ method: String, _ params: JSONValue) async -> RPCError? {
            do {
                _ = try await call(method, params)
                return nil
            } catch let e as RPCError { return e } catch { return nil }
        }

        func raise(caller: String = "+33612345678") async throws -> JSONValue {
            try await call("escalation.raise", ["caller": .string(caller), "reason": "douleur thoracique", "urgency": "urgent"])["incident"]!
        }

        /// Routes an SMS received from `from`, as the gateway's webhook does.
        func sms(from: String, text: String) async throws -> InboundSMSRouter.Handling? {
            let session = server.dispatcher.openSession(transport: .inProcess, role: .integration, actor: "sms", sink: { _ in })
            defer { server.dispatcher.closeSession(session) }
            let context = RequestContext(host: server.host, session: session, requestID: nil, method: "sms")
            return try await server.host.inboundSMS.route(.init(from: from, text: text, receivedAt: server.clock.now()), context: context)
        }
    }

    /// A host of the example practice under `practiceId` (none: `default`) with the escalation plugin, on the file at `path`.
    static func practice(_ practiceId: String?, path: String) async throws -> Side {
        let doc = try ConfigurationDocument(yaml: PracticeDatabase.example(ExamplePractice.yaml, practiceId: practiceId))
        let practice = try PracticePlugin(configuration: doc)
        let plugin = try EscalationPlugin(configuration: doc, directory: practice.directory)
        let server = try await TestServer(configuration: doc, plugins: [practice, plugin], clock: ManualClock(instant(start)), store: try Store(path: path))
        return Side(server: server, plugin: plugin)
    }

    /// Runs `body` with practices `cab-a` and `cab-b` on one new database file, then stops both.
    static func withPractices(_ body: (Side, Side) async throws -> Void) async throws {
        let path = try PracticeDatabase.temporaryPath()
        let a = try await practice("cab-a", path: path)
        let b = try await practice("cab-b", path: path)
        do { try await body(a, b) } catch {
            await a.server.stop()
            await b.server.stop()
            throw error
        }
        await a.server.stop()
        await b.server.stop()
    }

    @Test func anotherPracticeListsNoneOfTheIncidents() async throws {
        try await Self.withPractices { a, b in
            _ = try await a.raise()
            #expect(try await b.call("escalation.list")["items"] == [])
            #expect(try await b.call("escalation.list", ["status": "open"])["items"] == [])
            #expect(try await a.call("escalation.list")["items"]?.arrayValue?.count == 1)
        }
    }

    /// Each method that reads or changes one incident, with its other params.
    static let byId: [(String, JSONObject)] = [("escalation.get", [:]), ("escalation.acknowledge", [:]), ("escalation.resolve", ["outcome": "rappelé"])]

    @Test("an incident of another practice is not found and stays as it was", arguments: byId)
    func anotherPracticesIncidentIsNotFound(method: String, extra: JSONObject) async throws {
        try await Self.withPractices { a, b in
            let incident = try await a.raise()
            var params = extra
            params["incidentId"] = incident["id"]
            let e = await b.error(method, .object(params))
            #expect(e?.code == .notFound)
            #expect(e?.data?["field"] == "incidentId")
            let after = try await a.call("escalation.get", ["incidentId": incident["id"]!])
            #expect(after["status"] == "open")
            #expect(after["acknowledgedAt"] == nil)
        }
    }

    @Test func theSameCallerAndReasonInAnotherPracticeIsAnIncidentOfItsOwn() async throws {
        try await Self.withPractices { a, b in
            let inA = try await a.call("escalation.raise", ["caller": "+33612345678", "reason": "fièvre", "urgency": "urgent"])
            let inB = try await b.call("escalation.raise", ["caller": "+33612345678", "reason": "fièvre", "urgency": "urgent"])
            #expect(inB["created"] == true)
            #expect(inB["incident"]?["count"] == 1)
            #expect(inB["incident"]?["id"] != inA["incident"]?["id"])
            #expect(try await a.call("escalation.get", ["incidentId": inA["incident"]!["id"]!])["count"] == 1)
        }
    }

    @Test func anotherPracticesWorkerFiresNoneOfTheSteps() async throws {
        try await Self.withPractices { a, b in
            let incident = try await a.raise()
            let sent = try await a.call("escalation.get", ["incidentId": incident["id"]!])["notifications"]?.arrayValue?.count
            // Two hours later for B only: A's own worker does not run meanwhile.
            b.server.clock.advance(by: 7200)
            #expect(try await b.plugin.worker.fireDue(host: b.server.host) == 0)
            let after = try await a.call("escalation.get", ["incidentId": incident["id"]!])
            #expect(after["notifications"]?.arrayValue?.count == sent)
            #expect(after["status"] == "open")
        }
    }

    @Test func anSMSReplyAcknowledgesTheIncidentOfThePracticeItReached() async throws {
        try await Self.withPractices { a, b in
            let inA = try await a.raise()
            let inB = try await b.raise()
            let code = try #require(inA["code"]?.stringValue)
            // Codes are unique within a practice only: B's incident may carry A's code.
            try await b.server.host.store.write { db in
                try db.run("UPDATE escalation_incident SET code = ? WHERE id = ?", [code, inB["id"]!.stringValue!])
            }
            let paged = try #require(
                try await a.call("escalation.get", ["incidentId": inA["id"]!])["notifications"]?.arrayValue?.first { $0["channel"] == "sms" }?["destination"]?
                    .stringValue)
            let handling = try await b.sms(from: paged, text: "OK \(code)")
            #expect(handling?.reference == inB["id"]?.stringValue)
            #expect(try await b.call("escalation.get", ["incidentId": inB["id"]!])["status"] == "acknowledged")
            #expect(try await a.call("escalation.get", ["incidentId": inA["id"]!])["status"] == "open")
        }
    }

    @Test func anOverrideEnteredForOnePracticeChangesNotTheOthersRota() async throws {
        try await Self.withPractices { a, b in
            let before = try await b.call("oncall.overrides")["items"]?.arrayValue?.count
            let whoBefore = try await b.call("oncall.who", ["siteId": "centre", "at": "2026-03-10T22:00:00+01:00"])["practitionerId"]
            _ = try await a.call(
                "oncall.override", ["practitionerId": "dr-roux", "from": "2026-03-10T21:00", "to": "2026-03-11", "reason": "échange"])
            #expect(try await a.call("oncall.overrides")["items"]?.arrayValue?.count == (before ?? 0) + 1)
            #expect(try await b.call("oncall.overrides")["items"]?.arrayValue?.count == before)
            #expect(try await a.call("oncall.who", ["siteId": "centre", "at": "2026-03-10T22:00:00+01:00"])["practitionerId"] == "dr-roux")
            #expect(try await b.call("oncall.who", ["siteId": "centre", "at": "2026-03-10T22:00:00+01:00"])["practitionerId"] == whoBefore)
        }
    }

    @Test func aTriageSessionOfAnotherPracticeIsNotFound() async throws {
        try await Self.withPractices { a, b in
            let started = try await a.call("triage.start", ["protocolId": "resultats", "caller": "+33612345678"])
            let e = await b.error("triage.answer", ["sessionId": started["sessionId"]!, "choice": 0])
            #expect(e?.code == .notFound)
            #expect(e?.data?["field"] == "sessionId")
            _ = try await a.call("triage.answer", ["sessionId": started["sessionId"]!, "choice": 0])
        }
    }

    @Test func aDatabaseOfOnePracticeKeepsItsIncidentAfterTheUpgrade() async throws {
        let path = try PracticeDatabase.copyOfFixture("single-practice-v1.sqlite")
        let owner = try await Self.practice(nil, path: path)
        let tags = try await owner.server.host.store.read { db in
            try ["escalation_incident", "escalation_notification"].map { table in
                try db.values(String.self, "SELECT DISTINCT practiceId FROM \(table)")
            }
        }
        #expect(tags == [["default"], ["default"]])
        let items = try #require(try await owner.call("escalation.list")["items"]?.arrayValue)
        #expect(items.count == 1)
        let id = try #require(items.first?["id"])
        #expect(items.first?["reason"] == "douleur thoracique")
        #expect(try await owner.call("escalation.get", ["incidentId": id])["notifications"]?.arrayValue?.isEmpty == false)
        #expect(try await owner.call("escalation.acknowledge", ["incidentId": id])["status"] == "acknowledged")

        let other = try await Self.practice("other", path: path)
        #expect(try await other.call("escalation.list")["items"] == [])
        #expect(await other.error("escalation.resolve", ["incidentId": id, "outcome": "rappelé"])?.code == .notFound)
        #expect(try await owner.call("escalation.get", ["incidentId": id])["status"] == "acknowledged")
        await other.server.stop()
        await owner.server.stop()
    }
}
