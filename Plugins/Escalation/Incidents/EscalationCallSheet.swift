import Foundation
import JSONRPC
import Kernel
import Practice

/// Escalation's section of the call sheet (`calls.identify`): incidents not resolved yet raised for
/// the caller's number or patients, newest first, with where their chain stands: a patient who
/// calls back about an emergency must not start a second one.
struct EscalationCallSheet: CallSheetSection {
    let key = "incidents"
    /// The practice of the host that registered the section.
    let practiceId: String

    func items(for call: IdentifiedCall, in db: any StoreConnection) throws -> [JSONValue] {
        try IncidentStore.unresolved(caller: call.caller, patientIds: call.patientIds, practiceId: practiceId, in: db).map { i in
            var item: JSONObject = [
                "incidentId": .string(i.id), "code": .string(i.code), "status": .string(i.status.rawValue),
                "reason": .string(i.reason), "urgency": .string(i.urgency),
                "raisedAt": .string(RFC3339.format(i.raisedAt, in: call.timeZone))
            ]
            if let practitionerId = i.practitionerId { item["practitionerId"] = .string(practitionerId) }
            if let patientId = i.patientId { item["patientId"] = .string(patientId) }
            return .object(item)
        }
    }
}
