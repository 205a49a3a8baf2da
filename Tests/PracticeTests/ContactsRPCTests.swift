import Foundation
import JSONRPC
import Kernel
import PermanenceTesting
import Testing

@testable import Practice

/// `contacts.record` and `contacts.history`: one timeline across channels and modules, proxies,
/// validation, audit.
@Suite struct ContactsRPCTests {
    /// A child patient whose mother calls, with contacts on several channels recorded out of order,
    /// an appointment added by another module through `ContactJournal`, and an abandoned call from
    /// the mother's number that nobody attached to the patient.
    func scenario() async throws -> (PracticeHarness, String) {
        let h = try await PracticeHarness(now: "2026-06-15T18:00:00+02:00")
        let id = try await h.createPatient(
            "Dupont", "Léo", born: "2020-02-02", phone: "06 33 33 33 33",
            extra: [
                "relatedPersons": [["relationship": "parent", "name": "Claire Dupont", "phone": "06 99 99 99 99"]]
            ])
        let pid = JSONValue.string(id)
        _ = try await h.ok(
            "contacts.record",
            [
                "channel": "sms", "direction": "inbound", "patientId": pid,
                "caller": ["name": "Claire Dupont", "phone": "06 99 99 99 99", "relationship": "parent"],
                "motive": "results", "subject": "Résultats de la prise de sang", "offeredAt": "2026-06-15T11:00:00+02:00"
            ])
        _ = try await h.ok(
            "contacts.record",
            [
                "channel": "phone", "direction": "inbound", "patientId": pid,
                "caller": ["name": "Claire Dupont", "phone": "06.99.99.99.99", "relationship": "parent"],
                "motive": "appointment", "subject": "Fièvre depuis hier", "offeredAt": "2026-06-15T08:02:10+02:00",
                "answeredAt": "2026-06-15T08:02:31+02:00", "endedAt": "2026-06-15T08:06:00+02:00", "agent": "secretaire-amelie",
                "outcome": "rendez-vous proposé", "notes": "La maman appelle pour son fils."
            ])
        _ = try await h.ok(
            "contacts.record",
            [
                "channel": "email", "direction": "outbound", "patientId": pid, "caller": ["relationship": "self"],
                "motive": "information", "offeredAt": "2026-06-15T09:30:00+02:00"
            ])
        // Another module's entry, appended inside its own transaction.
        try await h.host.store.write { db in
            try ContactJournal.append(
                ContactEntry(
                    channel: .web, direction: .inbound, patientId: id,
                    caller: .init(name: "Claire Dupont", relationship: .parent), motive: .appointment,
                    offeredAt: instant("2026-06-15T10:15:00+02:00"), source: "agenda",
                    reference: "ap_123", kind: "booked"), practiceId: h.host.practiceId, in: db)
        }
        // An abandoned call from the mother's number, with no patient attached.
        _ = try await h.ok(
            "contacts.record",
            [
                "channel": "phone", "direction": "inbound", "caller": ["phone": "+33 6 99 99 99 99", "relationship": "other"],
                "motive": "other", "offeredAt": "2026-06-15T07:55:00+02:00", "abandonedAt": "2026-06-15T07:55:40+02:00"
            ])
        // Someone else's contact must not appear.
        _ = try await h.ok(
            "contacts.record",
            [
                "channel": "phone", "direction": "inbound", "caller": ["phone": "06 12 12 12 12", "relationship": "self"],
                "motive": "admin", "offeredAt": "2026-06-15T09:00:00+02:00"
            ])
        return (h, id)
    }

    @Test func historyMixesChannelsInTimeOrderWithTheProxy() async throws {
        let (h, id) = try await scenario()
        let r = try await h.ok("contacts.history", ["patientId": .string(id)])
        let entries = try #require(r["entries"]?.arrayValue)
        #expect(
            entries.map { $0["offeredAt"]?.stringValue } == [
                "2026-06-15T07:55:00+02:00", "2026-06-15T08:02:10+02:00", "2026-06-15T09:30:00+02:00",
                "2026-06-15T10:15:00+02:00", "2026-06-15T11:00:00+02:00"
            ])
        #expect(entries.map { $0["channel"]?.stringValue } == ["phone", "phone", "email", "web", "sms"])
        #expect(r["channels"] == ["phone", "email", "web", "sms"])
        #expect(entries.map { $0["match"]?.stringValue } == ["phone", "patient", "patient", "patient", "patient"])
        #expect(entries.map { $0["source"]?.stringValue } == ["practice", "practice", "practice", "agenda", "practice"])
        let call = entries[1]
        #expect(call["caller"]?["relationship"]?.stringValue == "parent")
        #expect(call["caller"]?["name"]?.stringValue == "Claire Dupont")
        #expect(call["caller"]?["phone"]?.stringValue == "+33699999999")
        #expect(call["answeredAt"]?.stringValue == "2026-06-15T08:02:31+02:00")
        #expect(call["agent"]?.stringValue == "secretaire-amelie")
        #expect(entries[3]["reference"]?.stringValue == "ap_123")
        #expect(entries[0]["abandonedAt"]?.stringValue == "2026-06-15T07:55:40+02:00")
        // A window: [from, to).
        let morning = try await h.ok(
            "contacts.history",
            [
                "patientId": .string(id), "from": "2026-06-15T08:00:00+02:00",
                "to": "2026-06-15T10:15:00+02:00"
            ])
        #expect(morning["entries"]?.arrayValue?.count == 2)
    }

    @Test func historyOfAPhoneNumber() async throws {
        let (h, _) = try await scenario()
        let r = try await h.ok("contacts.history", ["phone": "06 99 99 99 99"])
        let entries = try #require(r["entries"]?.arrayValue)
        #expect(r["phone"]?.stringValue == "+33699999999")
        #expect(entries.map { $0["channel"]?.stringValue } == ["phone", "phone", "sms"])
    }

    @Test func readingAHistoryIsAudited() async throws {
        let (h, id) = try await scenario()
        #expect(try await h.host.audit.entries(method: "contacts.history").isEmpty)
        _ = try await h.ok("contacts.history", ["patientId": .string(id)])
        let audit = try await h.host.audit.entries(method: "contacts.history")
        #expect(audit.count == 1)
        #expect(audit.first?.actor == "test")
        #expect(audit.first?.params.contains(id) == true)
        #expect(try await h.host.audit.entries(method: "contacts.record").count == 5)
    }

    @Test func historyNeedsTheSecretaryRole() async throws {
        let (h, id) = try await scenario()
        let r = await h.call("contacts.history", ["patientId": .string(id)], as: h.session(role: .integration))
        if case .failure(let e) = r { #expect(e.code.rawValue == -32002) } else { Issue.record("integration read a history") }
        let ok = await h.call("contacts.history", ["patientId": .string(id)], as: h.session(role: .secretary))
        #expect((try? ok.get()) != nil)
    }

    @Test func recordingPublishesAnEvent() async throws {
        let (h, id) = try await scenario()
        let events = h.events.params("contacts.recorded")
        #expect(events.count == 5)
        #expect(events.first?["patientId"]?.stringValue == id)
        #expect(events.first?["channel"]?.stringValue == "sms")
    }

    static let call: JSONObject = [
        "channel": "phone", "direction": "inbound", "caller": ["relationship": "self"], "motive": "admin",
        "offeredAt": "2026-06-15T10:00:00+02:00"
    ]
    static func record(_ changes: JSONObject) -> JSONValue {
        var o = call
        for (k, v) in changes { o[k] = v }
        return .object(o)
    }

    @Test(
        "bad contacts are refused naming the field",
        arguments: [
            ("contacts.record", record(["answeredAt": "2026-06-15T09:59:59+02:00"]), -32022, "answeredAt"),
            ("contacts.record", record(["abandonedAt": "2026-06-15T09:00:00+02:00"]), -32022, "abandonedAt"),
            ("contacts.record", record(["answeredAt": "2026-06-15T10:00:10+02:00", "abandonedAt": "2026-06-15T10:00:20+02:00"]), -32022, "abandonedAt"),
            ("contacts.record", record(["answeredAt": "2026-06-15T10:00:10+02:00", "endedAt": "2026-06-15T10:00:05+02:00"]), -32022, "endedAt"),
            ("contacts.record", record(["offeredAt": "2026-06-16T10:00:00+02:00"]), -32022, "offeredAt"),
            ("contacts.record", record(["patientId": "pt_unknown"]), -32004, "patientId"),
            ("contacts.record", record(["caller": ["phone": "06 12 34 56 7", "relationship": "parent"]]), -32602, "caller.phone"),
            ("contacts.record", record(["caller": ["name": "X"]]), -32602, "caller.relationship"),
            ("contacts.record", record(["channel": "fax"]), -32602, "channel"),
            ("contacts.record", record(["motive": "gossip"]), -32602, "motive"),
            ("contacts.record", record(["offeredAt": "2026-06-15 10:00"]), -32602, "offeredAt"),
            ("contacts.history", [:], -32602, "patientId"),
            ("contacts.history", ["patientId": "pt_unknown"], -32004, "patientId"),
            ("contacts.history", ["phone": "0612"], -32602, "phone"),
            ("contacts.history", ["phone": "0612345678", "from": "2026-06-15T10:00:00+02:00", "to": "2026-06-14T10:00:00+02:00"], -32022, "to")
        ] as [(String, JSONValue, Int, String)])
    func badInput(_ method: String, _ params: JSONValue, _ code: Int, _ field: String) async throws {
        let h = try await PracticeHarness(now: "2026-06-15T12:00:00+02:00")
        let error = try await h.failure(method, params)
        #expect(error.code.rawValue == code, "\(error)")
        #expect(error.field == field, "\(error)")
    }
}
