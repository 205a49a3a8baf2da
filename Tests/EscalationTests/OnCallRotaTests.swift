import Foundation
import Practice
import Testing

@testable import Escalation

private func rota(
    _ order: [String], period: RotaPeriod, start: String, handoff: String = "20:00",
    overrides: [OnCallOverride] = []
) throws -> OnCallRota {
    try OnCallRota(
        rotation: OnCallRotation(handoff: LocalTime(handoff)!, order: order, period: period, startDate: LocalDate(start)!),
        overrides: overrides, timeZone: paris)
}

struct HandoffCase: Sendable, CustomTestStringConvertible {
    var period: RotaPeriod
    var at: String
    var expected: String
    var until: String
    var testDescription: String { "\(period) at \(at) → \(expected) until \(until)" }
}

@Suite("On-call rota")
struct OnCallRotaTests {
    /// Daily rota from 2026-03-01 (dr-a, dr-b, dr-c); weekly rota from Sunday 2026-03-22
    /// (dr-martin, dr-benali, dr-roux); both hand over at 20:00 Paris time, on both sides of the
    /// 2026 daylight-saving changes (29 March, 25 October).
    @Test(
        "handoff at 20:00 local on daylight-saving days",
        arguments: [
            HandoffCase(period: .day, at: "2026-03-29T19:59:00+02:00", expected: "dr-a", until: "2026-03-29T20:00:00+02:00"),
            HandoffCase(period: .day, at: "2026-03-29T20:00:00+02:00", expected: "dr-b", until: "2026-03-30T20:00:00+02:00"),
            HandoffCase(period: .day, at: "2026-10-25T19:59:00+01:00", expected: "dr-a", until: "2026-10-25T20:00:00+01:00"),
            HandoffCase(period: .day, at: "2026-10-25T20:00:00+01:00", expected: "dr-b", until: "2026-10-26T20:00:00+01:00"),
            HandoffCase(period: .day, at: "2026-03-29T03:30:00+02:00", expected: "dr-a", until: "2026-03-29T20:00:00+02:00"),
            HandoffCase(period: .day, at: "2026-02-20T12:00:00+01:00", expected: "dr-c", until: "2026-02-20T20:00:00+01:00"),
            HandoffCase(period: .week, at: "2026-03-29T19:59:00+02:00", expected: "dr-martin", until: "2026-03-29T20:00:00+02:00"),
            HandoffCase(period: .week, at: "2026-03-29T20:00:00+02:00", expected: "dr-benali", until: "2026-04-05T20:00:00+02:00"),
            HandoffCase(period: .week, at: "2026-10-25T19:59:00+01:00", expected: "dr-martin", until: "2026-10-25T20:00:00+01:00"),
            HandoffCase(period: .week, at: "2026-10-25T20:00:00+01:00", expected: "dr-benali", until: "2026-11-01T20:00:00+01:00"),
            HandoffCase(period: .week, at: "2026-02-20T12:00:00+01:00", expected: "dr-benali", until: "2026-02-22T20:00:00+01:00")
        ])
    func handoff(_ c: HandoffCase) throws {
        let rota =
            c.period == .day
            ? try rota(["dr-a", "dr-b", "dr-c"], period: .day, start: "2026-03-01")
            : try rota(["dr-martin", "dr-benali", "dr-roux"], period: .week, start: "2026-03-22")
        let answer = rota.who(at: instant(c.at))
        #expect(answer.practitionerId == c.expected)
        #expect(answer.until == (instant(c.until)))
    }

    @Test(
        "a daily turn lasts 23 h in March and 25 h in October",
        arguments: [
            ("2026-03-29T12:00:00+02:00", 23.0),
            ("2026-10-25T12:00:00+01:00", 25.0),
            ("2026-06-15T12:00:00+02:00", 24.0)
        ])
    func turnLength(at: String, hours: Double) throws {
        let turn = try rota(["dr-a", "dr-b"], period: .day, start: "2026-01-01").rotationTurn(at: instant(at))
        #expect(turn.end.timeIntervalSince(turn.start) == hours * 3600)
    }

    @Test("a handoff in the skipped hour is moved forward by the length of the gap")
    func handoffInGap() throws {
        let rota = try rota(["dr-a", "dr-b"], period: .day, start: "2026-03-01", handoff: "02:30")
        let before = rota.who(at: instant("2026-03-29T03:29:59+02:00"))
        let after = rota.who(at: instant("2026-03-29T03:30:00+02:00"))
        #expect(before.practitionerId != after.practitionerId)
        #expect(before.until == (instant("2026-03-29T03:30:00+02:00")))
    }

    @Test("a handoff in the repeated hour happens at its first occurrence")
    func handoffInFold() throws {
        let rota = try rota(["dr-a", "dr-b"], period: .day, start: "2026-03-01", handoff: "02:30")
        let turn = rota.rotationTurn(at: instant("2026-10-25T12:00:00+01:00"))
        #expect(turn.start == (instant("2026-10-25T02:30:00+02:00")))
    }

    @Test(
        "overrides win over the rotation, in every boundary form",
        arguments: [
            // (from, to, instant asked, expected until)
            ("2026-08-03", "2026-08-17", "2026-08-10T09:00:00+02:00", "2026-08-17T20:00:00+02:00"),
            ("2026-08-10T08:00", "2026-08-10T18:00", "2026-08-10T09:00:00+02:00", "2026-08-10T18:00:00+02:00"),
            ("2026-08-10T06:00:00Z", "2026-08-10T16:00:00Z", "2026-08-10T09:00:00+02:00", "2026-08-10T18:00:00+02:00")
        ])
    func overrideWins(from: String, to: String, at: String, until: String) throws {
        let rota = try rota(
            ["dr-a", "dr-b"], period: .week, start: "2026-01-04",
            overrides: [
                OnCallOverride(from: RotaBoundary(from)!, to: RotaBoundary(to)!, practitionerId: "dr-remplacant")
            ])
        let answer = rota.who(at: instant(at))
        #expect(answer.practitionerId == "dr-remplacant")
        #expect(answer.until == (instant(until)))
        // Outside the override, the rotation answers again.
        #expect(rota.who(at: instant("2026-09-10T09:00:00+02:00")).practitionerId != "dr-remplacant")
    }

    @Test("the rotation's answer ends when an override starts; the last listed override wins")
    func overlapping() throws {
        let rota = try rota(
            ["dr-a", "dr-b"], period: .week, start: "2026-01-04",
            overrides: [
                OnCallOverride(from: RotaBoundary("2026-12-20")!, to: RotaBoundary("2026-12-31")!, practitionerId: "dr-long"),
                OnCallOverride(from: RotaBoundary("2026-12-24T18:00")!, to: RotaBoundary("2026-12-26T08:00")!, practitionerId: "dr-noel")
            ])
        let before = rota.who(at: instant("2026-12-20T12:00:00+01:00"))
        #expect(before.until == (instant("2026-12-20T20:00:00+01:00")))
        let long = rota.who(at: instant("2026-12-24T12:00:00+01:00"))
        #expect(long.practitionerId == "dr-long")
        #expect(long.until == (instant("2026-12-24T18:00:00+01:00")))
        let christmas = rota.who(at: instant("2026-12-25T12:00:00+01:00"))
        #expect(christmas.practitionerId == "dr-noel")
        #expect(christmas.until == (instant("2026-12-26T08:00:00+01:00")))
        #expect(rota.who(at: instant("2026-12-27T12:00:00+01:00")).practitionerId == "dr-long")
    }

    @Test("invalid rotas are refused with their configuration path")
    func invalid() throws {
        #expect(throws: OnCallRotaError.self) {
            try OnCallRota(rotation: OnCallRotation(order: []), timeZone: paris)
        }
        do {
            _ = try rota(
                ["dr-a"], period: .day, start: "2026-01-01",
                overrides: [
                    OnCallOverride(from: RotaBoundary("2026-05-01")!, to: RotaBoundary("2026-06-01")!, practitionerId: "dr-b"),
                    OnCallOverride(from: RotaBoundary("2026-05-10")!, to: RotaBoundary("2026-05-10")!, practitionerId: "dr-b")
                ])
            Issue.record("expected an error")
        } catch let error as OnCallRotaError {
            #expect(error.path == "oncall.overrides[1].to")
        }
    }

    @Test("decodes the configuration shape, with defaults")
    func decoding() throws {
        let json = #"""
            {"rotation": {"handoff": "20:00", "order": ["dr-martin", "dr-benali"], "period": "day", "startDate": "2026-01-05"},
             "overrides": [{"from": "2026-07-14", "to": "2026-07-15T08:00", "practitionerId": "dr-roux", "reason": "échange"}]}
            """#
        struct OnCall: Decodable {
            var rotation: OnCallRotation
            var overrides: [OnCallOverride]
        }
        let decoded = try JSONDecoder().decode(OnCall.self, from: Data(json.utf8))
        #expect(decoded.rotation.period == .day)
        #expect(decoded.overrides[0].from == .date(LocalDate("2026-07-14")!))
        let minimal = try JSONDecoder().decode(OnCallRotation.self, from: Data(#"{"order": ["dr-a"]}"#.utf8))
        #expect(minimal.handoff == LocalTime("08:00"))
        #expect(minimal.period == .week)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(OnCallRotation.self, from: Data(#"{"order": ["dr-a"], "handoff": "25:00"}"#.utf8))
        }
    }

    @Test("local dates count days exactly", arguments: ["1969-12-31", "1970-01-01", "2024-02-29", "2026-03-29", "2100-03-01"])
    func localDateRoundTrip(_ text: String) {
        let date = LocalDate(text)!
        #expect(LocalDate(daysSince1970: date.daysSince1970) == date)
        #expect(date.description == text)
    }
}
