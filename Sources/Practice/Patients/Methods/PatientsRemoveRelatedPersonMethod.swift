import Foundation
import JSONRPC
import Kernel

/// `patients.removeRelatedPerson`: removes one related person by id; -32004 naming
/// `relatedPersonId` when the patient has no such person. Publishes `patients.updated`.
struct PatientsRemoveRelatedPersonMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let patientId: String
        let relatedPersonId: String
        let version: Int?
    }
    static let name = "patients.removeRelatedPerson"
    static let summary = "Removes a person who may call for the patient."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static var paramsSchema: Schema {
        .object([required("patientId", PatientSchemas.id), required("relatedPersonId", PatientSchemas.id), optional("version", .integer)])
    }
    static var resultSchema: Schema { PatientSchemas.patient }

    func handle(_ p: Params, context: RequestContext) async throws -> Patient {
        let target = p.relatedPersonId
        return try await PatientChange.apply(patientId: p.patientId, expectedVersion: p.version, force: true, context: context) { patient in
            guard let index = patient.relatedPersons.firstIndex(where: { $0.id == target }) else {
                throw RPCError.notFound("related person \"\(target)\" of patient \"\(patient.id)\"", field: "relatedPersonId")
            }
            patient.relatedPersons.remove(at: index)
        }
    }
}
