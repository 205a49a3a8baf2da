import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Agenda

/// Free slots are written by hand for speed; what goes out must equal their `Encodable` form.
@Suite struct SlotWireTests {
    static let paris = TimeZone(identifier: "Europe/Paris")!

    static func slot(
        _ practitioner: String, _ name: String, site: String = "centre", type: String = "consultation",
        _ start: String, _ end: String, remaining: Int = 1
    ) -> Slot {
        Slot(
            practitionerId: practitioner, practitionerName: name, siteId: site, appointmentTypeId: type,
            start: RFC3339.parse(start)!, end: RFC3339.parse(end)!, capacity: 3, remaining: remaining, released: remaining == 2)
    }

    @Test func slotsWriteWhatJSONEncoderWrites() throws {
        let slots = [
            Slot(
                practitionerId: "dr-martin", practitionerName: "Dr Claire « Martin »\n", siteId: "centre", appointmentTypeId: "consultation",
                start: RFC3339.parse("2026-03-29T09:30:00+02:00")!, end: RFC3339.parse("2026-03-29T09:45:00+02:00")!,
                capacity: 3, remaining: 2, released: true),
            Slot(
                practitionerId: "p\"1", practitionerName: "", siteId: "sud", appointmentTypeId: "urgence",
                start: RFC3339.parse("2026-10-25T02:30:00+01:00")!, end: RFC3339.parse("2026-10-25T02:45:00.5+01:00")!,
                capacity: 1, remaining: 1, released: false)
        ]
        let fast = try WireEncoder(timeZone: Self.paris).encode(slots)
        let reference = try WireEncoder(timeZone: Self.paris).foundationEncode(slots)
        #expect(try JSONParser.parse(fast) == JSONParser.parse(reference))
        let one = try WireEncoder(timeZone: Self.paris).encode(Optional(slots[0]))
        #expect(try JSONParser.parse(one) == JSONParser.parse(try WireEncoder(timeZone: Self.paris).foundationEncode(slots[0])))
        #expect(try WireEncoder(timeZone: Self.paris).encode(Optional<Slot>.none) == Array("null".utf8))
    }

    /// A list copies the members a run of slots shares and reuses the text of a day: runs that
    /// change practitioner, site, type or name, days that change, and the two daylight-saving days
    /// (one date, two offsets) must still come out exactly as each slot written alone.
    @Test(arguments: ["Europe/Paris", "UTC", "America/Sao_Paulo"])
    func listsWriteEachSlotAsItWouldAlone(_ zone: String) throws {
        let slots = [
            Self.slot("a", "Dr A", "2026-03-28T23:45:00+01:00", "2026-03-29T00:00:00+01:00"),
            Self.slot("a", "Dr A", "2026-03-29T01:45:00+01:00", "2026-03-29T03:00:00+02:00", remaining: 2),
            Self.slot("a", "Dr A", "2026-03-29T03:15:00+02:00", "2026-03-29T03:30:00+02:00"),
            Self.slot("a", "Dr A", site: "sud", "2026-03-29T03:15:00+02:00", "2026-03-29T03:30:00+02:00"),
            Self.slot("a", "Dr A", site: "sud", type: "urgence", "2026-03-29T03:15:00+02:00", "2026-03-29T03:30:00+02:00"),
            Self.slot("b", "Dr B", "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00"),
            Self.slot("b", "Dr B ", "2026-10-25T02:45:00.25+01:00", "2026-10-26T00:00:00Z"),
            Self.slot("a", "Dr A", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", remaining: 3),
            Self.slot("a", "Dr A", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", remaining: 3)
        ]
        let encoder = WireEncoder(timeZone: TimeZone(identifier: zone)!)
        let list = try encoder.encode(slots)
        let alone = try slots.map { try encoder.encode($0) }
        #expect(String(decoding: list, as: UTF8.self) == "[" + alone.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ",") + "]")
        #expect(try JSONParser.parse(list) == JSONParser.parse(try encoder.foundationEncode(slots)))
        #expect(try encoder.encode([Slot]()) == Array("[]".utf8))
    }

    /// The answers that explain an empty search are written by hand too, around the slots.
    @Test func explainedAnswersWriteWhatJSONEncoderWrites() throws {
        let slots = [
            Self.slot("dr-roux", "Dr Émilie Roux", "2026-03-03T09:10:00+01:00", "2026-03-03T09:30:00+01:00"),
            Self.slot("dr-benali", "Dr \"Benali\"", site: "chenes", "2026-03-03T10:10:00+01:00", "2026-03-03T10:30:00+01:00")
        ]
        let explanation = SearchExplanation(
            reason: .mixed, message: "Dr Claire Martin ne prend pas de nouveaux patients → Dr Émilie Roux, premier créneau mardi 3 mars à 9 h 10",
            practitioners: [
                PractitionerReason(
                    practitionerId: "dr-martin", practitionerName: "Dr Claire Martin", reason: .noNewPatients,
                    message: "Dr Claire Martin ne prend pas de nouveaux patients"),
                PractitionerReason(practitionerId: "x", practitionerName: "", reason: .fullyBooked, message: "«\n»")
            ],
            alternatives: slots)
        let answers: [FindSlotsAnswer] = [.slots(slots), .slots([]), .explained(slots, nil), .explained([], explanation)]
        let encoder = WireEncoder(timeZone: Self.paris)
        for answer in answers {
            #expect(try JSONParser.parse(encoder.encode(answer)) == JSONParser.parse(try encoder.foundationEncode(answer)))
        }
        #expect(try JSONParser.parse(encoder.encode(answers[3]))["reason"] == "mixed")
        for answer in [
            NextAvailableAnswer.slot(slots[0]), .none(explanation),
            .none(
                SearchExplanation(
                    reason: .noSchedule, message: "",
                    practitioners: [], alternatives: []))
        ] {
            #expect(try JSONParser.parse(encoder.encode(answer)) == JSONParser.parse(try encoder.foundationEncode(answer)))
        }
    }
}
