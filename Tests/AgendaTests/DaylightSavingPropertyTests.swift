import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Agenda

/// Slots around every Europe/Paris daylight-saving change from 2020 to 2040.
@Suite struct DaylightSavingPropertyTests {
    /// Every transition instant of Europe/Paris in [2020, 2041).
    static let transitions: [Date] = {
        var out: [Date] = []
        var t = instant("2020-01-01T00:00:00Z")
        let end = instant("2041-01-01T00:00:00Z")
        while let next = paris.nextDaylightSavingTimeTransition(after: t), next < end {
            out.append(next)
            t = next
        }
        return out
    }()

    static let schedules: [(String, [String])] = [
        ("whole day", ["00:00-24:00"]),
        ("night around the change", ["00:30-04:30"]),
        ("starts in the gap", ["02:30-05:00"]),
        ("ordinary", ["08:30-12:00", "14:00-19:00"])
    ]

    func practitioner(_ ranges: [String], minutes: Int, step: Int) -> PractitionerAgenda {
        var week: [Weekday: [LocalTimeRange]] = [:]
        for d in Weekday.allCases { week[d] = ranges.map { LocalTimeRange($0)! } }
        let type = AppointmentType(
            id: "t", label: "t", minutes: minutes, capacity: 1, audience: .all, bookableBy: nil, releaseHoursBefore: nil,
            minNoticeMinutes: 0, horizonDays: 10_000, bufferMinutes: 0, stepMinutes: step, mode: "cabinet")
        return PractitionerAgenda(
            id: "p", name: "P", specialty: "s", acceptsNewPatients: true, schedule: ["centre": week], types: [type],
            reservedBlocks: [], exceptions: [], siteIds: ["centre"])
    }

    @Test func fortyTwoChangesFrom2020To2040() {
        #expect(Self.transitions.count == 42)
    }

    @Test(arguments: [(20, 20), (30, 15), (45, 10)])
    func slotsAreRealDistinctAndInsideTheLocalSchedule(minutes: Int, step: Int) {
        var checked = 0
        for (_, ranges) in Self.schedules {
            let p = practitioner(ranges, minutes: minutes, step: step)
            // With the expanded week, as slot search uses it: the days either side of a change follow the table.
            let generator = SlotGenerator(practitioner: p, timeZone: paris, calendars: [:], weekly: WeeklyStarts(practitioner: p))
            for transition in Self.transitions {
                let day = LocalDate(transition, in: paris)
                var seen = Set<Date>()
                for date in [day.adding(days: -1), day, day.adding(days: 1)] {
                    let localRanges = ranges.map { LocalTimeRange($0)! }
                    for slot in generator.candidates(type: p.types[0], siteId: "centre", on: date) {
                        checked += 1
                        // The start is a local time that exists: it maps back to the same wall-clock time.
                        let back = LocalDateTime(slot.start, in: paris)
                        #expect(back.date == date && back.time == slot.localStart, "slot at \(slot.localStart) on \(date) is not a real local time")
                        // Offered once.
                        #expect(seen.insert(slot.start).inserted, "instant \(slot.start) offered twice")
                        // Inside one local range: starts in it and ends no later than the range's end instant.
                        let range = localRanges.first { $0.contains(slot.localStart) }
                        #expect(range != nil)
                        if let range {
                            let rangeEnd = LocalDateTime(date, range.end).instantOrNextValid(in: paris)
                            #expect(slot.end <= rangeEnd)
                            #expect(slot.end.timeIntervalSince(slot.start) == Double(minutes * 60))
                        }
                    }
                }
            }
        }
        #expect(checked > 1000)
    }

    /// The same properties through `agenda.findSlots`, on a real host, across the 2026 changes.
    @Test func findSlotsOverTheChangeDays() async throws {
        let yaml = smallPractice(
            practitioner: """
                - id: dr-nuit
                  name: Dr Nuit
                  specialty: médecine générale
                  schedule:
                    centre:
                      sunday: ["00:00-24:00"]
                  appointmentTypes:
                    - {id: consultation, minutes: 30, stepMinutes: 30, horizonDays: 400}
                """, holidays: "none")
        let h = try await AgendaHarness(yaml: yaml, now: "2026-03-01T00:00:00+01:00")
        for (day, expected) in [("2026-03-29", 46), ("2026-10-25", 48)] {
            let slots = try await h.ok(
                "agenda.findSlots",
                [
                    "appointmentTypeId": "consultation", "from": paris(day, "00:00"),
                    "to": .string(RFC3339.format(LocalDateTime(LocalDate(day)!.adding(days: 1), LocalTime("00:00")!).instant(in: paris)!, in: paris)),
                    "newPatient": false, "limit": 100
                ])
            let starts = (slots.arrayValue ?? []).map { instant($0["start"]!.stringValue!) }
            #expect(Set(starts).count == starts.count)
            #expect(starts.count == expected, "\(day): \(starts.count) slots")
            #expect(!h.localStarts(slots).contains("02:00") || day == "2026-10-25")
            #expect(!h.localStarts(slots).contains("02:30") || day == "2026-10-25")
        }
    }
}
