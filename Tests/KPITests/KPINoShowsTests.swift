import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice
import Testing

@testable import KPI

/// Figures a fixed agenda gives: what `kpi.noShows` and the report show of them.
private struct FixedFigures: AppointmentFigures {
    func figures(from: Date, to: Date, now: Date, in db: any StoreConnection) throws -> AppointmentFigureSet {
        AppointmentFigureSet(
            noShows: [
                .init(dimension: "all", key: "all", appointments: 40, noShows: 2),
                .init(dimension: "reminded", key: "no", appointments: 10, noShows: 2)
            ],
            reminders: .init(sent: 30, confirmed: 21, cancelled: 3, optedOut: 1, forwarded: 2),
            backfill: .init(slotsFreed: 4, offersSent: 6, slotsRefilled: 3), sms: .init(messages: 60, segments: 61))
    }
}

@Suite struct KPINoShowsTests {
    @Test("kpi.noShows reads the agenda's figures; without the agenda it says so, naming a field")
    func noShows() async throws {
        let h = try await KPIHarness()
        let period: JSONValue = ["from": "2026-03-01T00:00:00+01:00", "to": "2026-03-08T00:00:00+01:00"]
        #expect(await h.error("kpi.noShows", period)?.data?["field"]?.stringValue == "from")
        h.host.services.register((any AppointmentFigures).self, FixedFigures() as any AppointmentFigures)
        let r = try await h.ok("kpi.noShows", period)
        #expect(r["noShows"]?.arrayValue?.first?["rate"] == .number("0.05"))
        #expect(r["reminders"]?["confirmationRate"] == .number("0.7"))
        #expect(r["backfill"]?["backfillRate"] == .number("0.75"))
        #expect(r["sms"]?["segments"] == 61)
        #expect(await h.error("kpi.noShows", ["from": "2026-03-08T00:00:00+01:00", "to": "2026-03-01T00:00:00+01:00"])?.data?["field"]?.stringValue == "to")
    }

    @Test("kpi.report has the appointments part (French) and its CSV files")
    func report() async throws {
        let h = try await KPIHarness()
        h.host.services.register((any AppointmentFigures).self, FixedFigures() as any AppointmentFigures)
        let r = try await h.ok("kpi.report", ["from": "2026-03-01T00:00:00+01:00", "to": "2026-03-08T00:00:00+01:00", "format": "all"])
        let html = try #require(r["html"]?.stringValue)
        #expect(html.contains("Rendez-vous non honorés (lapins)"))
        #expect(html.contains("<td>Rappel envoyé</td><td>non</td>"))
        #expect(html.contains("Taux de réaffectation"))
        #expect(html.contains("75,0 %"))
        #expect(r["csv"]?["no-shows.csv"]?.stringValue?.contains("reminded,no,10,2,0.2000") == true)
        #expect(r["csv"]?["appointments.csv"]?.stringValue?.contains("sms_segments,61") == true)
    }
}
