import Foundation
import JSONRPC
import Kernel

/// Applies a change to a stored patient in one transaction: -32004 when the patient is unknown,
/// -32009 when `expectedVersion` is stale or the change makes a likely duplicate (unless
/// `force`), then bumps the version and publishes `patients.updated` with the transaction.
enum PatientChange {
    static func apply(
        patientId: String, expectedVersion: Int?, force: Bool, context: RequestContext,
        _ change: @escaping @Sendable (inout Patient) throws -> Void
    ) async throws -> Patient {
        let now = context.now
        let practiceId = context.practiceId
        return try await context.write { db -> Patient in
            guard var patient = try PatientRegistry.patient(patientId, practiceId: practiceId, in: db) else {
                throw RPCError.notFound("patient \"\(patientId)\"", field: "patientId")
            }
            if let erasedAt = try PracticeStore.erasedAt(patientId, practiceId: practiceId, in: db) {
                // An erased record keeps only its id for the figures: nothing may be written back into it.
                throw RPCError.conflict(
                    "patient \"\(patientId)\" was erased on \(RFC3339.format(erasedAt, in: context.host.timeZone)); create a new record instead",
                    data: ["reason": "erased", "field": "patientId"])
            }
            if let expectedVersion, expectedVersion != patient.version {
                throw RPCError.conflict(
                    "patient \"\(patientId)\" changed since version \(expectedVersion); it is now at version \(patient.version)",
                    data: ["reason": "stale version", "field": "version", "currentVersion": .int(patient.version)])
            }
            let before = patient
            try change(&patient)
            if patient == before { return patient }
            if !force, patient.duplicateKey != before.duplicateKey, let existing = try PracticeStore.duplicate(of: patient, practiceId: practiceId, in: db) {
                throw PatientsCreateMethod.duplicateError(existingId: existing)
            }
            patient.version += 1
            patient.updatedAt = now
            try PracticeStore.update(patient, practiceId: practiceId, in: db)
            try context.publish("patients.updated", patient, in: db)
            return patient
        }
    }
}
