/// The status of an appointment, with the values of FHIR R4 `Appointment.status`.
///
/// `booked`, `arrived`, `checked-in`, `fulfilled` and `noshow` keep their time in the agenda;
/// `cancelled` and `entered-in-error` free it.
package enum AppointmentStatus: String, Sendable, Codable, CaseIterable {
    case proposed, pending, booked, arrived, fulfilled, cancelled, noshow
    case enteredInError = "entered-in-error"
    case checkedIn = "checked-in"
    case waitlist

    /// Whether an appointment in this status occupies its slot.
    package var occupiesSlot: Bool {
        switch self {
        case .booked, .arrived, .fulfilled, .noshow, .checkedIn, .pending: true
        case .proposed, .cancelled, .enteredInError, .waitlist: false
        }
    }

    /// SQL list of the statuses that occupy a slot, for queries.
    static let occupyingSQL = "(" + allCases.filter(\.occupiesSlot).map { "'\($0.rawValue)'" }.joined(separator: ",") + ")"
}
