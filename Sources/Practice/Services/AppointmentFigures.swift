import Foundation
import GRDB

/// The agenda's figures as the KPI module sees them (`kpi.noShows`, the appointments part of
/// `kpi.report`): no-shows, reminders and their answers, slots freed and refilled from the
/// waiting list, SMS segments spent.
///
/// Agenda registers an implementation in `KernelHost.services`; KPI reads it without importing
/// Agenda. `figures` runs in the caller's read transaction.
public protocol AppointmentFigures: Sendable {
    func figures(from: Date, to: Date, now: Date, in db: Database) throws -> AppointmentFigureSet
}

/// What happened to the appointments of a period and to the SMS sent to their patients.
public struct AppointmentFigureSet: Sendable, Codable, Equatable {
    /// No-shows among appointments that started in the period (booked and not cancelled), by one dimension.
    public struct NoShowRate: Sendable, Codable, Equatable {
        /// `practitioner`, `appointmentType`, `leadTime` (`<1d`, `1-7d`, `7-30d`, `30d+`: from booking to start),
        /// `reminded` (`yes`, `no`), or `all`.
        public var dimension: String
        public var key: String
        /// Appointments that started in the period and kept their slot (booked, arrived, fulfilled, no-show…).
        public var appointments: Int
        public var noShows: Int
        /// `noShows / appointments`, nil without appointments.
        public var rate: Double?
        public init(dimension: String, key: String, appointments: Int, noShows: Int) {
            self.dimension = dimension
            self.key = key
            self.appointments = appointments
            self.noShows = noShows
            rate = appointments > 0 ? Double(noShows) / Double(appointments) : nil
        }
    }

    /// Reminders sent in the period and how their patients answered.
    public struct Reminders: Sendable, Codable, Equatable {
        public var sent: Int
        public var confirmed: Int
        public var cancelled: Int
        public var optedOut: Int
        public var forwarded: Int
        public var unanswered: Int
        public var confirmationRate: Double?
        public var cancellationRate: Double?
        public init(sent: Int, confirmed: Int, cancelled: Int, optedOut: Int, forwarded: Int) {
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
    public struct Backfill: Sendable, Codable, Equatable {
        public var slotsFreed: Int
        public var offersSent: Int
        public var slotsRefilled: Int
        /// `slotsRefilled / slotsFreed`, nil when no slot was freed.
        public var backfillRate: Double?
        public init(slotsFreed: Int, offersSent: Int, slotsRefilled: Int) {
            self.slotsFreed = slotsFreed
            self.offersSent = offersSent
            self.slotsRefilled = slotsRefilled
            backfillRate = slotsFreed > 0 ? Double(slotsRefilled) / Double(slotsFreed) : nil
        }
    }

    /// SMS sent to patients in the period (reminders, notices, offers, answers) and their segments.
    public struct SMSUsage: Sendable, Codable, Equatable {
        public var messages: Int
        public var segments: Int
        public init(messages: Int, segments: Int) {
            self.messages = messages
            self.segments = segments
        }
    }

    public var noShows: [NoShowRate]
    public var reminders: Reminders
    public var backfill: Backfill
    public var sms: SMSUsage

    public init(noShows: [NoShowRate], reminders: Reminders, backfill: Backfill, sms: SMSUsage) {
        self.noShows = noShows
        self.reminders = reminders
        self.backfill = backfill
        self.sms = sms
    }
}
