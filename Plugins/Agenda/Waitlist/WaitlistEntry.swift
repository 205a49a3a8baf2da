package import Foundation
import JSONRPC
import Kernel
package import Practice

/// A patient waiting for an earlier (or any) appointment of one type (*liste d'attente*): offered
/// by SMS each slot that frees up and fits their window and preferences, longest waiting first.
package struct WaitlistEntry: Sendable, Codable, Equatable {
    package enum Status: String, Sendable, Codable, CaseIterable { case waiting, booked, removed }
    package var id: String
    package var patientId: String
    /// Where offers go (E.164): the patient's number unless given.
    package var phone: String
    package var appointmentTypeId: String
    /// Practitioners acceptable to the patient; empty: any offering the type (of `specialty` when given).
    package var practitionerIds: [String]
    package var specialty: String?
    package var siteId: String?
    package var earliest: Date?
    package var latest: Date?
    /// Local time ranges (`08:00-12:00`) the patient can come in; empty: any time.
    package var preferredTimes: [LocalTimeRange]
    package var note: String?
    package var status: Status
    package var createdAt: Date
    package var createdBy: String
    /// The appointment an accepted offer booked.
    package var appointmentId: String?

    init(row: StoreRow) {
        id = row["id"]
        patientId = row["patientId"]
        phone = row["phone"]
        appointmentTypeId = row["typeId"]
        practitionerIds = (row["practitionerIds"] as String? ?? "").split(separator: ",").map(String.init)
        specialty = row["specialty"]
        siteId = row["siteId"]
        earliest = (row["earliest"] as Double?).map(Date.init(timeIntervalSince1970:))
        latest = (row["latest"] as Double?).map(Date.init(timeIntervalSince1970:))
        preferredTimes = (row["preferredTimes"] as String? ?? "").split(separator: ",").compactMap { LocalTimeRange(String($0)) }
        note = row["note"]
        status = Status(rawValue: row["status"]) ?? .waiting
        createdAt = Date(timeIntervalSince1970: row["createdAt"])
        createdBy = row["createdBy"]
        appointmentId = row["appointmentId"]
    }

    init(
        id: String, patientId: String, phone: String, appointmentTypeId: String, practitionerIds: [String], specialty: String?,
        siteId: String?, earliest: Date?, latest: Date?, preferredTimes: [LocalTimeRange], note: String?, createdAt: Date, createdBy: String
    ) {
        self.id = id
        self.patientId = patientId
        self.phone = phone
        self.appointmentTypeId = appointmentTypeId
        self.practitionerIds = practitionerIds
        self.specialty = specialty
        self.siteId = siteId
        self.earliest = earliest
        self.latest = latest
        self.preferredTimes = preferredTimes
        self.note = note
        status = .waiting
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// Whether a slot of this entry's type with `practitioner` at `siteId` starting at `start` fits the entry.
    func fits(practitioner: PractitionerAgenda, siteId: String, start: Date, timeZone: TimeZone) -> Bool {
        if !practitionerIds.isEmpty, !practitionerIds.contains(practitioner.id) { return false }
        if practitionerIds.isEmpty, let specialty, TextFolding.fold(specialty) != TextFolding.fold(practitioner.specialty) { return false }
        if let s = self.siteId, s != siteId { return false }
        if let earliest, start < earliest { return false }
        if let latest, start > latest { return false }
        if !preferredTimes.isEmpty {
            let time = LocalDateTime(start, in: timeZone).time
            if !preferredTimes.contains(where: { $0.contains(time) }) { return false }
        }
        return true
    }

    static let schema = Schema.object([
        required("id", .string), required("patientId", .string), required("phone", .string, "E.164: where offers go"),
        required("appointmentTypeId", .string), required("practitionerIds", .array(.string), "empty: any practitioner offering the type"),
        optional("specialty", .string), optional("siteId", .string), optional("earliest", .instant), optional("latest", .instant),
        required("preferredTimes", .array(.string), "local HH:mm-HH:mm ranges; empty: any time"), optional("note", .string),
        required("status", .oneOf(Status.allCases.map(\.rawValue))), required("createdAt", .instant), required("createdBy", .string),
        optional("appointmentId", .string, "the appointment an accepted offer booked")
    ])
}
