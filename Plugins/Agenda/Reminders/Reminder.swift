package import Foundation
import JSONRPC
import Kernel

/// An SMS to a patient about one appointment that may be answered: a reminder, or a notice that
/// the practice cannot keep the appointment. A row exists from the booking (`planned`, with its
/// due time), so a restart loses none.
package struct Reminder: Sendable, Codable, Equatable {
    package enum Kind: String, Sendable, Codable, CaseIterable {
        /// Sent before the appointment: OUI confirms, ANNULER cancels.
        case reminder
        /// Sent when an absence or the practice cancels: OUI puts the patient on the waiting list.
        case notice
    }
    package enum Status: String, Sendable, Codable, CaseIterable {
        /// Waiting for its due time.
        case planned
        /// Sent, waiting for an answer.
        case sent
        /// Answered OUI (a notice: the patient is on the waiting list).
        case confirmed
        /// Answered ANNULER: the appointment is cancelled.
        case cancelled
        /// Answered STOP.
        case optedOut
        /// Answered something else: a secretary has it in the callback queue.
        case forwarded
        /// Not sent: the appointment changed, or the number opted out (`skipReason`).
        case skipped
    }
    package var id: String
    package var kind: Kind
    package var appointmentId: String
    package var phone: String
    package var dueAt: Date
    package var status: Status
    package var sentAt: Date?
    package var answeredAt: Date?
    package var skipReason: String?
    package var segments: Int?

    init(row: StoreRow) {
        id = row["id"]
        kind = Kind(rawValue: row["kind"]) ?? .reminder
        appointmentId = row["appointmentId"]
        phone = row["phone"]
        dueAt = Date(timeIntervalSince1970: row["dueAt"])
        status = Status(rawValue: row["status"]) ?? .planned
        sentAt = (row["sentAt"] as Double?).map(Date.init(timeIntervalSince1970:))
        answeredAt = (row["answeredAt"] as Double?).map(Date.init(timeIntervalSince1970:))
        skipReason = row["skipReason"]
        segments = row["segments"]
    }

    init(id: String, kind: Kind, appointmentId: String, phone: String, dueAt: Date, status: Status = .planned) {
        self.id = id
        self.kind = kind
        self.appointmentId = appointmentId
        self.phone = phone
        self.dueAt = dueAt
        self.status = status
    }

    static let schema = Schema.object([
        required("id", .string), required("kind", .oneOf(Kind.allCases.map(\.rawValue))), required("appointmentId", .string),
        required("phone", .string, "E.164: the patient's, or that of the person who booked"), required("dueAt", .instant),
        required("status", .oneOf(Status.allCases.map(\.rawValue))), optional("sentAt", .instant), optional("answeredAt", .instant),
        optional("skipReason", .string, "appointmentChanged, optedOut, tooLate"), optional("segments", .integer, "SMS segments sent")
    ])
}
