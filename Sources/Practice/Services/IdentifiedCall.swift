package import Foundation

/// What `calls.identify` found before asking the modules: who may be calling, and when.
package struct IdentifiedCall: Sendable {
    /// The practice the call is for: sections read that practice's rows only.
    package let practiceId: String
    /// The caller's number (E.164), when the telephony gave one.
    package let caller: String?
    /// Patients whose number (or a related person's) is the caller's.
    package let patientIds: [String]
    package let at: Date
    /// The practice's zone, for the instants a section writes.
    package let timeZone: TimeZone
}
