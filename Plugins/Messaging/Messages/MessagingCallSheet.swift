import Foundation
import JSONRPC
import Kernel
import Practice

/// Messaging's section of the call sheet (`calls.identify`): the messages still open for the
/// caller's patients or from the caller's number, urgent first, then oldest first: a patient who
/// calls again is often waiting for one of them. Codes and states only; the text stays in
/// `messaging.get`.
struct MessagingCallSheet: CallSheetSection {
    let key = "messages"
    /// The practice of the host that registered the section.
    let practiceId: String

    func items(for call: IdentifiedCall, in db: any StoreConnection) throws -> [JSONValue] {
        let open = try MessagingStore.openMessages(
            patientIds: call.patientIds, phones: call.caller.map { [$0] } ?? [], practiceId: practiceId,
            now: call.at, in: db)
        let ordered = open.filter { $0.urgency == .urgent } + open.filter { $0.urgency != .urgent }
        return ordered.prefix(10).map { m in
            var item: JSONObject = [
                "messageId": .string(m.id), "code": .string(m.code), "kind": .string(m.kind),
                "status": .string(m.status.rawValue), "urgency": .string(m.urgency.rawValue),
                "category": .string(m.category.rawValue), "dueAt": .string(RFC3339.format(m.dueAt, in: call.timeZone)),
                "overdue": .bool(m.overdue)
            ]
            if let patientId = m.patientId { item["patientId"] = .string(patientId) }
            return .object(item)
        }
    }
}
