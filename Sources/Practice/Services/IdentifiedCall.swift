import Foundation

/// What `calls.identify` found before asking the modules: who may be calling, and when.
public struct IdentifiedCall: Sendable {
    /// The caller's number (E.164), when the telephony gave one.
    public let caller: String?
    /// Patients whose number (or a related person's) is the caller's.
    public let patientIds: [String]
    public let at: Date
    /// The practice's zone, for the instants a section writes.
    public let timeZone: TimeZone
}
