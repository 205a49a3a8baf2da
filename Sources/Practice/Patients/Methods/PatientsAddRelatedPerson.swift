import Foundation
import JSONRPC
import Kernel

/// `patients.addRelatedPerson`: adds a parent, guardian, caregiver or other person who may call
/// for the patient; answers the updated patient (the new person last). Publishes `patients.updated`.
struct PatientsAddRelatedPerson: RPCMethod {
    struct Params: Decodable, Sendable {
        let patientId: String
        let relationship: RelatedPerson.Relationship
        let name: String
        let phone: PhoneNumber
        let version: Int?
    }
    static let name = "patients.addRelatedPerson"
    static let summary = "Adds a person who may call for the patient (parent, guardian, caregiver, other)."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static var paramsSchema: Schema {
        .object([
            required("patientId", PatientSchemas.id), required("relationship", .oneOf(RelatedPerson.Relationship.allCases.map(\.rawValue))),
            required("name", PatientSchemas.name), required("phone", PatientSchemas.phoneInput), optional("version", .integer)
        ])
    }
    static var resultSchema: Schema { PatientSchemas.patient }

    func handle(_ p: Params, context: RequestContext) async throws -> Patient {
        let named = RelatedPerson(
            id: PatientRegistry.newID("rp_"), relationship: p.relationship,
            name: try PatientValidation.name(p.name, field: "name"), phone: p.phone.e164)
        return try await PatientChange.apply(patientId: p.patientId, expectedVersion: p.version, force: true, context: context) { patient in
            guard patient.relatedPersons.count < 20 else {
                throw RPCError.unprocessable(field: "patientId", "this patient already has 20 related persons")
            }
            patient.relatedPersons.append(named)
        }
    }
}
