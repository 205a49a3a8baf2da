import Foundation
import JSONRPC
import Kernel

/// Escalation's part of the data lifecycle: incidents, their notifications, and triage sessions.
///
/// An incident or triage session belongs to the subject when it names the patient or its caller
/// is one of the subject's numbers. Erasure removes the caller, the reason and details (medical
/// text), the triage answers and the texts of the notifications sent about it; codes, urgency,
/// chain, steps, times, who acknowledged and statuses stay. Retention (`incidents`) deletes closed
/// incidents (acknowledged, resolved, exhausted) raised before the cutoff with their
/// notifications, and triage sessions started before it.
struct IncidentPersonalData: PersonalDataHolder {
    let name = "incidents"
    /// The practice of the host that registered it: only its rows are exported, erased or purged.
    let practiceId: String

    func export(_ subject: PersonalDataSubject, in db: any StoreConnection) throws -> JSONValue {
        try IncidentStore.exportPersonalData(subject, practiceId: practiceId, in: db)
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: any StoreConnection) throws -> Int {
        try IncidentStore.erasePersonalData(subject, practiceId: practiceId, in: db)
    }

    func purge(_ retention: RetentionPolicy, now: Date, in db: any StoreConnection) throws -> [String: Int] {
        ["incidents": try IncidentStore.purgeClosed(before: retention.cutoff(.incidents, now: now), practiceId: practiceId, in: db)]
    }
}
