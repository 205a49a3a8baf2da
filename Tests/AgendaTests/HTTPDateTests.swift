import Foundation
import Testing

@testable import Agenda

@Suite("HTTP dates of calendar feeds")
struct HTTPDateTests {
    @Test(
        "RFC 9110's example, a leap day and the epoch are written and read back",
        arguments: [
            (784_111_777.0, "Sun, 06 Nov 1994 08:49:37 GMT"),
            (1_709_164_800.0, "Thu, 29 Feb 2024 00:00:00 GMT"),
            (0.0, "Thu, 01 Jan 1970 00:00:00 GMT"),
            (1_798_761_599.0, "Thu, 31 Dec 2026 23:59:59 GMT")
        ])
    func roundTrip(seconds: Double, text: String) {
        #expect(HTTPDate.format(Date(timeIntervalSince1970: seconds)) == text)
        #expect(HTTPDate.parse(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test(
        "other date forms are not taken for an instant",
        arguments: ["Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "", "Sun, 32 Nov 1994 08:49:37 GMT"])
    func refused(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }
}
