import Foundation
import JSONRPC
import Kernel

/// `patients.get`: one patient with their related persons; -32004 naming `patientId` when unknown.
struct PatientsGetMethod: OneKeyMethod {
    static var keyParam: Schema.Field { required("patientId", PatientSchemas.id) }
    static let name = "patients.get"
    static let summary = "A patient's record with related persons and current version."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static var resultSchema: Schema { PatientSchemas.patient }

    func handle(_ p: Params, context: RequestContext) async throws -> Patient {
        let practiceId = context.practiceId
        let id = p.key
        guard let patient = try await context.store.read({ db in try PatientRegistry.patient(id, practiceId: practiceId, in: db) }) else {
            throw RPCError.notFound("patient \"\(id)\"", field: "patientId")
        }
        return patient
    }
}
