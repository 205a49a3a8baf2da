package import Foundation
package import Kernel

/// The agenda's figures as the KPI module sees them (`kpi.noShows`, the appointments part of
/// `kpi.report`): no-shows, reminders and their answers, slots freed and refilled from the
/// waiting list, SMS segments spent.
///
/// Agenda registers an implementation in `KernelHost.services`; KPI reads it without importing
/// Agenda. `figures` runs in the caller's read transaction.
package protocol AppointmentFigures: Sendable {
    func figures(from: Date, to: Date, now: Date, in db: any StoreConnection) throws -> AppointmentFigureSet
}

/// What happened to the appointments of a period and to the SMS sent to their patients.
package struct AppointmentFigureSet: Sendable, Codable, Equatable {
    /// No-shows among appointments that started in the period (booked and not cancelled), by one dimension.
    package struct NoShowRate: Sendable, Codable, Equatable {
        /// `practitioner`, `appointmentType`, `leadTime` (`<1d`, `1-7d`, `7-30d`, `30d+`: from booking to start),
        /// `reminded` (`yes`, `no`), or `all`.
        package var dimension: String
        package var key: String
        /// Appointments that started in the period and kept their slot (booked, arrived, fulfilled, no-show…).
        package var appointments: Int
        package var noShows: Int
        /// `noShows / appointments`, nil without appointments.
        package var rate: Double?
        package init(dimension: String, key: String, appointments: Int, noShows: Int) {
            self.dimension = dimension
            self.key = key
            self.appointments = appointments
            self.noShows = noShows
            rate = appointments > 0 ? Double(noShows) / Double(appointments) : nil
        }
    }

    /// Reminders sent in the period and how their patients answered.
    package struct Reminders: Sendable, Codable, Equatable {
        package var sent: Int
        package var confirmed: Int
        package var cancelled: Int
        package var optedOut: Int
        package var forwarded: Int
        package var unanswered: Int
        package var confirmationRate: Double?
        package var cancellationRate: Double?
        package init(sent: Int, confirmed: Int, cancelled: Int, optedOut: Int, forwarded: Int) {
            self.sent = sent
            self.confirmed = confirmed
            self.cancelled = cancelled
            self.optedOut = optedOut
            self.forwarded = forwarded
            unanswered = max(0, sent - confirmed - cancelled - optedOut - forwarded)
            confirmationRate = sent > 0 ? Double(confirmed) / Double(sent) : nil
            cancellationRate = sent > 0 ? Double(cancelled) / Double(sent) : nil
        }
    }

    /// Slots freed in the period before they started, and those the waiting list refilled.
    package struct Backfill: Sendable, Codable, Equatable {
        package var slotsFreed: Int
        package var offersSent: Int
        package var slotsRefilled: Int
        /// `slotsRefilled / slotsFreed`, nil when no slot was freed.
        package var backfillRate: Double?
        package init(slotsFreed: Int, offersSent: Int, slotsRefilled: Int) {
            self.slotsFreed = slotsFreed
            self.offersSent = offersSent
            self.slotsRefilled = slotsRefilled
            backfillRate = slotsFreed > 0 ? Double(slotsRefilled) / Double(slotsFreed) : nil
        }
    }

    /// SMS sent to patients in the period (reminders, notices, offers, answers) and their segments.
    package struct SMSUsage: Sendable, Codable, Equatable {
        package var messages: Int
        package var segments: Int
        package init(messages: Int, segments: Int) {
            self.messages = messages
            self.segments = segments
        }
    }

    package var noShows: [NoShowRate]
    package var reminders: Reminders
    package var backfill: Backfill
    package var sms: SMSUsage

    package init(noShows: [NoShowRate], reminders: Reminders, backfill: Backfill, sms: SMSUsage) {
        self.noShows = noShows
        self.reminders = reminders
        self.backfill = backfill
        self.sms = sms
    }
}
