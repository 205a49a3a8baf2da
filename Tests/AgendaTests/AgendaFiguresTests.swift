import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Agenda

/// The agenda's figures for the KPI module: no-shows by dimension, reminder answers, backfill, SMS.
@Suite struct AgendaFiguresTests {
    @Test("no-shows by reminded or not and by lead time; confirmation and cancellation rates; a freed slot refilled; SMS counted")
    func figures() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        _ = try await h.ok("waitlist.add", ["patientId": "pat-petit", "appointmentTypeId": "consultation"])
        let dupont = try await h.book("pat-dupont", "2026-03-04", "11:00")
        _ = try await h.book("pat-leroy", "2026-03-04", "12:00")
        let moreau = try await h.book("pat-moreau", "2026-03-02", "10:00")
        try await h.at("2026-03-03", "12:00")
        _ = try await h.reply("pat-dupont", "oui")
        _ = try await h.reply("pat-leroy", "annuler")
        h.clock.advance(by: 300)
        let taken = try await h.reply("pat-petit", "OUI")
        let petit = try #require(taken?.reference)
        try await h.at("2026-03-05", "08:00")
        for (id, status) in [(moreau, "noshow"), (dupont, "fulfilled"), (petit, "noshow")] {
            _ = try await h.ok("agenda.setStatus", ["appointmentId": .string(id), "status": .string(status)])
        }
        let from = instant("2026-03-02T00:00:00+01:00")
        let to = instant("2026-03-05T00:00:00+01:00")
        let now = h.clock.now()
        let f = try await h.host.store.read { db in
            try AgendaFigures(timeZone: paris, practiceId: h.host.practiceId).figures(from: from, to: to, now: now, in: db)
        }
        func rate(_ dimension: String, _ key: String) -> String {
            f.noShows.first { $0.dimension == dimension && $0.key == key }.map { "\($0.noShows)/\($0.appointments)" } ?? "none"
        }
        #expect(rate("all", "all") == "2/3")
        #expect(rate("reminded", "yes") == "0/1")
        #expect(rate("reminded", "no") == "2/2")
        #expect(rate("leadTime", "<1d") == "2/2")
        #expect(rate("leadTime", "1-7d") == "0/1")
        #expect(rate("practitioner", "dr-martin") == "2/3")
        #expect(f.reminders.sent == 2 && f.reminders.confirmed == 1 && f.reminders.cancelled == 1)
        #expect(f.reminders.confirmationRate == 0.5 && f.reminders.cancellationRate == 0.5)
        #expect(f.backfill.slotsFreed == 1 && f.backfill.offersSent == 1 && f.backfill.slotsRefilled == 1 && f.backfill.backfillRate == 1)
        // Two reminders, two answers, one offer, one booking confirmation.
        #expect(f.sms.messages == 6)
        #expect(f.sms.segments == 6)
    }
}
