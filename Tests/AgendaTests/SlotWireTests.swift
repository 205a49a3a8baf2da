import Foundation
import Kernel
import Testing
@testable import Agenda

/// Free slots are written by hand for speed; what goes out must equal their `Encodable` form.
@Suite struct SlotWireTests {
    @Test func slotsWriteWhatJSONEncoderWrites() throws {
        let paris = TimeZone(identifier: "Europe/Paris")!
        let slots = [
            Slot(practitionerId: "dr-martin", practitionerName: "Dr Claire « Martin »\n", siteId: "centre", appointmentTypeId: "consultation",
                 start: RFC3339.parse("2026-03-29T09:30:00+02:00")!, end: RFC3339.parse("2026-03-29T09:45:00+02:00")!,
                 capacity: 3, remaining: 2, released: true),
            Slot(practitionerId: "p\"1", practitionerName: "", siteId: "sud", appointmentTypeId: "urgence",
                 start: RFC3339.parse("2026-10-25T02:30:00+01:00")!, end: RFC3339.parse("2026-10-25T02:45:00.5+01:00")!,
                 capacity: 1, remaining: 1, released: false),
        ]
        let fast = try WireEncoder(timeZone: paris).encode(slots)
        let reference = try WireEncoder(timeZone: paris).foundationEncode(slots)
        #expect(try JSONParser.parse(fast) == JSONParser.parse(reference))
        let one = try WireEncoder(timeZone: paris).encode(Optional(slots[0]))
        #expect(try JSONParser.parse(one) == JSONParser.parse(try WireEncoder(timeZone: paris).foundationEncode(slots[0])))
        #expect(try WireEncoder(timeZone: paris).encode(Optional<Slot>.none) == Array("null".utf8))
    }
}
