import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Practice

/// Missed calls in the contact journal (what a repeat caller tried before getting through), and
/// the numbers a patient called from joining their history.
@Suite struct MissedCallsTests {
    func entry(
        _ phone: String?, offered: String, answered: String? = nil, ended: String? = nil, abandoned: String? = nil,
        patientId: String? = nil, source: String = "practice", channel: ContactEntry.Channel = .phone
    ) -> ContactEntry {
        ContactEntry(
            channel: channel, direction: .inbound, patientId: patientId, caller: phone.map { .init(phone: $0) }, motive: .other,
            offeredAt: instant(offered), answeredAt: answered.map(instant), endedAt: ended.map(instant),
            abandonedAt: abandoned.map(instant), source: source)
    }

    @Test func onlyUnansweredCallsOfTheNumberOrPatientWithinTheWindowCount() async throws {
        let h = try await PracticeHarness(now: "2026-06-15T12:00:00+02:00")
        let me = "+33698765432"
        let entries = [
            entry(me, offered: "2026-06-14T08:00:00+02:00", abandoned: "2026-06-14T08:01:00+02:00"), // before the window
            entry(me, offered: "2026-06-15T08:00:00+02:00", abandoned: "2026-06-15T08:01:00+02:00"), // abandoned: counts
            entry(me, offered: "2026-06-15T08:00:30+02:00", ended: "2026-06-15T08:01:00+02:00", source: "kpi"), // the same call, imported: once
            entry(me, offered: "2026-06-15T09:00:00+02:00", ended: "2026-06-15T09:05:00+02:00", source: "kpi"), // timed out: counts
            entry(me, offered: "2026-06-15T10:00:00+02:00", answered: "2026-06-15T10:00:10+02:00"), // answered: no
            entry(me, offered: "2026-06-15T10:30:00+02:00"), // a message's entry: no
            entry(me, offered: "2026-06-15T10:40:00+02:00", abandoned: "2026-06-15T10:41:00+02:00", channel: .sms), // not a call
            entry("+33612121212", offered: "2026-06-15T11:00:00+02:00", abandoned: "2026-06-15T11:00:30+02:00"), // someone else
            entry(nil, offered: "2026-06-15T11:10:00+02:00", abandoned: "2026-06-15T11:10:30+02:00", patientId: "pt_1") // the patient, withheld number
        ]
        try await h.host.store.write { db in for e in entries { try ContactJournal.append(e, practiceId: h.host.practiceId, in: db) } }
        let missed = try await h.host.store.read { db in
            try ContactJournal.missedCalls(
                patientId: "pt_1", phones: [me], from: instant("2026-06-14T12:00:00+02:00"),
                to: instant("2026-06-15T12:00:00+02:00"), practiceId: h.host.practiceId, in: db)
        }
        #expect(missed.map { LocalDateTime($0.offeredAt, in: paris).time.description } == ["08:00", "09:00", "11:10"])
        #expect(missed.allSatisfy { $0.isMissedCall })
        #expect(entries.filter(\.isMissedCall).count == 6)
    }

    @Test func aNumberThePatientCalledFromJoinsTheirHistory() async throws {
        let h = try await PracticeHarness(now: "2026-06-15T12:00:00+02:00")
        let id = try await h.createPatient("Dupont", "Marc", born: "1978-11-20", phone: "06 12 34 56 78")
        // A message recorded for the patient, called back on another number; then an abandoned call from that number.
        try await h.host.store.write { db in
            _ = try ContactJournal.append(
                entry("+33698765432", offered: "2026-06-15T09:00:00+02:00", patientId: id, source: "messaging"), practiceId: h.host.practiceId, in: db)
        }
        _ = try await h.ok(
            "contacts.record",
            [
                "channel": "phone", "direction": "inbound", "caller": ["phone": "06 98 76 54 32", "relationship": "self"],
                "motive": "other", "offeredAt": "2026-06-15T11:00:00+02:00", "abandonedAt": "2026-06-15T11:00:40+02:00"
            ])
        let r = try await h.ok("contacts.history", ["patientId": .string(id)])
        let entries = try #require(r["entries"]?.arrayValue)
        #expect(entries.map { $0["match"]?.stringValue } == ["patient", "phone"])
        #expect(entries.last?["abandonedAt"]?.stringValue == "2026-06-15T11:00:40+02:00")
    }
}
