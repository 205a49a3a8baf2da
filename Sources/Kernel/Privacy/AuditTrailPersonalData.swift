import Foundation
import JSONRPC

/// The audit trail's part of the data lifecycle.
///
/// Rows store ids and the names of the fields a call carried, not their free text
/// (`AuditLog.text(of:)`), so a row about the subject holds at most the patient id. Export lists
/// the rows naming the patient id (as a JSON string) (who read or changed the record, and when); erasure redacts
/// again any row still mentioning the subject (rows written before redaction existed); the purge
/// deletes rows past the audit duration.
struct AuditTrailPersonalData: PersonalDataHolder {
    let name = "audit"
    let practiceId: String

    func export(_ subject: PersonalDataSubject, in db: any StoreConnection) throws -> JSONValue {
        try KernelStore.exportAudit(quotedPatientId: subject.quotedPatientId, practiceId: practiceId, in: db)
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: any StoreConnection) throws -> Int {
        var changed = 0
        for (id, params) in try KernelStore.auditParams(practiceId: practiceId, in: db) {
            guard subject.isMentioned(in: params) else { continue }
            var redacted = AuditLog.redact(params)
            // The patient id is kept (it identifies nobody once the record is anonymised); any
            // other mention left (an identifier used as a key, say) empties the row's params.
            let rest = PersonalDataSubject(patientId: "\u{0}", phones: subject.phones, identifiers: subject.identifiers)
            if rest.isMentioned(in: redacted) { redacted = "{}" }
            guard redacted != params else { continue }
            try KernelStore.replaceAuditParams(redacted, id: id, practiceId: practiceId, in: db)
            changed += 1
        }
        return changed
    }

    func purge(_ retention: RetentionPolicy, now: Date, in db: any StoreConnection) throws -> [String: Int] {
        ["audit": try KernelStore.purgeAudit(before: retention.cutoff(.audit, now: now), practiceId: practiceId, in: db)]
    }
}
