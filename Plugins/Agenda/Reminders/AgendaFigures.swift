import Foundation
import Kernel
import Practice

/// The agenda's figures for the KPI module (`AppointmentFigures` in `KernelHost.services`), of the
/// practice of the host that registered it.
struct AgendaFigures: AppointmentFigures {
    let timeZone: TimeZone
    let practiceId: String

    /// Lead-time bands, from booking to start.
    static func leadBand(_ seconds: TimeInterval) -> String {
        switch seconds / 86_400 {
        case ..<1: "<1d"
        case ..<7: "1-7d"
        case ..<30: "7-30d"
        default: "30d+"
        }
    }

    func figures(from: Date, to: Date, now: Date, in db: any StoreConnection) throws -> AppointmentFigureSet {
        var tallies: [String: [String: (appointments: Int, noShows: Int)]] = [:]
        for a in try ReminderStore.startedAppointments(from: from, to: to, now: now, practiceId: practiceId, in: db) {
            for (dimension, key) in [
                ("all", "all"), ("practitioner", a.practitionerId), ("appointmentType", a.typeId),
                ("leadTime", Self.leadBand(a.start.timeIntervalSince(a.createdAt))), ("reminded", a.reminded ? "yes" : "no")
            ] {
                var t = tallies[dimension, default: [:]][key, default: (0, 0)]
                t.appointments += 1
                if a.noShow { t.noShows += 1 }
                tallies[dimension, default: [:]][key] = t
            }
        }
        let order = ["all", "practitioner", "appointmentType", "leadTime", "reminded"]
        let noShows = order.flatMap { dimension in
            (tallies[dimension] ?? [:]).sorted { $0.key < $1.key }.map {
                AppointmentFigureSet.NoShowRate(dimension: dimension, key: $0.key, appointments: $0.value.appointments, noShows: $0.value.noShows)
            }
        }
        let counts = try ReminderStore.counts(from: from, to: to, practiceId: practiceId, in: db)
        let sent = counts.values.reduce(0, +)
        let reminders = AppointmentFigureSet.Reminders(
            sent: sent, confirmed: counts["confirmed"] ?? 0, cancelled: counts["cancelled"] ?? 0,
            optedOut: counts["optedOut"] ?? 0, forwarded: counts["forwarded"] ?? 0)
        let offers = try WaitlistStore.counts(from: from, to: to, practiceId: practiceId, in: db).values.reduce(0, +)
        let backfill = AppointmentFigureSet.Backfill(
            slotsFreed: try ReminderStore.slotsFreed(from: from, to: to, practiceId: practiceId, in: db), offersSent: offers,
            slotsRefilled: try WaitlistStore.accepted(from: from, to: to, practiceId: practiceId, in: db))
        let first = LocalDate(from, in: timeZone)
        let last = LocalDate(to.addingTimeInterval(-0.001), in: timeZone)
        let usage = try ReminderStore.smsUsage(first: first.description, last: last.description, practiceId: practiceId, in: db)
        return AppointmentFigureSet(
            noShows: noShows, reminders: reminders, backfill: backfill,
            sms: .init(messages: usage.messages, segments: usage.segments))
    }
}
