import Foundation
import Testing

@testable import Practice

@Suite struct LocalTimeTests {
    @Test(arguments: [
        ("00:00", 0, "00:00"),
        ("08:00", 480, "08:00"),
        ("8:05", 485, "08:05"),
        ("12:30", 750, "12:30"),
        ("23:59", 1439, "23:59"),
        ("24:00", 1440, "24:00")
    ])
    func parsesValidTimes(text: String, minutes: Int, canonical: String) throws {
        let time = try #require(LocalTime(text))
        #expect(time.minutesSinceMidnight == minutes)
        #expect(time.description == canonical)
    }

    @Test(arguments: [
        "24:01", "24:61", "25:00", "12:60", "-1:00", "12:5", "123:00", "12h30", "1230",
        "", ":", "12:", "ab:cd", "12:30:00", " 12:30"
    ])
    func rejectsInvalidTimes(text: String) {
        #expect(LocalTime(text) == nil)
    }

    @Test func partsAndOrdering() throws {
        #expect(LocalTime(hour: 24, minute: 1) == nil)
        #expect(LocalTime(hour: 23, minute: 60) == nil)
        #expect(LocalTime(minutesSinceMidnight: 1441) == nil)
        #expect(LocalTime(minutesSinceMidnight: -1) == nil)
        #expect(time("13:30").hour == 13 && time("13:30").minute == 30)
        #expect(time("09:59") < time("10:00"))
        #expect(try JSONDecoder().decode([LocalTime].self, from: Data(#"["7:30"]"#.utf8)) == [time("07:30")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalTime].self, from: Data(#"["24:30"]"#.utf8)) }
    }
}

@Suite struct LocalTimeRangeTests {
    @Test(arguments: [
        ("08:00-12:30", "08:00", "12:30", 270),
        ("13:30 - 19:00", "13:30", "19:00", 330),
        ("20:00-24:00", "20:00", "24:00", 240),
        ("00:00-24:00", "00:00", "24:00", 1440)
    ])
    func parsesValidRanges(text: String, start: String, end: String, minutes: Int) throws {
        let range = try #require(LocalTimeRange(text))
        #expect(range.start == time(start) && range.end == time(end))
        #expect(range.minutes == minutes)
        #expect(range.description == "\(start)-\(end)")
    }

    @Test(arguments: [
        "12:30-08:00", "08:00-08:00", "08:00", "08:00-", "-12:00", "08:00-12:00-13:00",
        "08:00–12:00", "08:00-24:30", "8-12", ""
    ])
    func rejectsInvalidRanges(text: String) {
        #expect(LocalTimeRange(text) == nil)
    }

    @Test func containsIsHalfOpen() {
        let morning = ranges("08:00-12:30")[0]
        #expect(morning.contains(time("08:00")))
        #expect(morning.contains(time("12:29")))
        #expect(!morning.contains(time("12:30")))
        #expect(!morning.contains(time("07:59")))
    }

    @Test func decodingErrorExplains() {
        do {
            _ = try JSONDecoder().decode([LocalTimeRange].self, from: Data(#"["19:00-13:30"]"#.utf8))
            Issue.record("a reversed range was accepted")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains("19:00-13:30"))
            #expect(context.debugDescription.contains("start before the end"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

@Suite struct LocalDateTimeTests {
    @Test(arguments: [
        // Ordinary winter and summer times.
        ("2026-01-15", "08:00", "2026-01-15T07:00:00Z"),
        ("2026-07-15", "08:00", "2026-07-15T06:00:00Z"),
        // Spring forward, Europe/Paris 2026-03-29: 02:00 CET becomes 03:00 CEST.
        ("2026-03-29", "01:59", "2026-03-29T00:59:00Z"),
        ("2026-03-29", "03:00", "2026-03-29T01:00:00Z"),
        ("2026-03-29", "08:00", "2026-03-29T06:00:00Z"),
        ("2026-03-28", "08:00", "2026-03-28T07:00:00Z"),
        // Fall back, 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:xx happens twice, the first is taken.
        ("2026-10-25", "01:59", "2026-10-24T23:59:00Z"),
        ("2026-10-25", "02:00", "2026-10-25T00:00:00Z"),
        ("2026-10-25", "02:30", "2026-10-25T00:30:00Z"),
        ("2026-10-25", "03:00", "2026-10-25T02:00:00Z"),
        ("2026-10-25", "08:00", "2026-10-25T07:00:00Z"),
        // 24:00 is midnight of the next day.
        ("2026-03-28", "24:00", "2026-03-28T23:00:00Z")
    ])
    func instantInParis(day: String, wallClock: String, expected: String) throws {
        let local = LocalDateTime(date(day), time(wallClock))
        #expect(local.instant(in: paris) == instant(expected))
        #expect(local.instantOrNextValid(in: paris) == instant(expected))
    }

    @Test(arguments: ["02:00", "02:30", "02:59"])
    func springForwardGapDoesNotExist(wallClock: String) {
        let local = LocalDateTime(date("2026-03-29"), time(wallClock))
        #expect(local.instant(in: paris) == nil)
        #expect(local.instantOrNextValid(in: paris) == instant("2026-03-29T01:00:00Z"))
    }

    @Test func otherZones() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        // US spring forward 2026-03-08 at 02:00 EST.
        #expect(LocalDateTime(date("2026-03-08"), time("02:30")).instant(in: newYork) == nil)
        #expect(LocalDateTime(date("2026-03-08"), time("03:00")).instant(in: newYork) == instant("2026-03-08T07:00:00Z"))
        // US fall back 2026-11-01: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
        #expect(LocalDateTime(date("2026-11-01"), time("01:30")).instant(in: newYork) == instant("2026-11-01T05:30:00Z"))
        let reunion = try #require(TimeZone(identifier: "Indian/Reunion"))
        #expect(LocalDateTime(date("2026-03-29"), time("02:30")).instant(in: reunion) == instant("2026-03-28T22:30:00Z"))
    }

    @Test func fromInstant() {
        let local = LocalDateTime(instant("2026-10-25T01:30:00Z"), in: paris)
        #expect(local.description == "2026-10-25T02:30")
        #expect(LocalDateTime(instant("2026-10-25T00:30:00Z"), in: paris) == local)
    }
}
