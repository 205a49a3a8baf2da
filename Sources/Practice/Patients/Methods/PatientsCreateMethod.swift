import Foundation
import JSONRPC
import Kernel

/// `patients.create`: adds a patient; a likely duplicate (same folded names and birth date) is
/// refused with -32009 and `data.existingId` unless `force` is true. Publishes `patients.created`.
struct PatientsCreateMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let lastName: String
        let firstName: String
        let birthDate: LocalDate
        let phone: PhoneNumber
        let email: String?
        let address: Patient.Address?
        let insurance: Patient.Insurance?
        let relatedPersons: [RelatedPersonInput]?
        let followedBy: [String]?
        let force: Bool?
    }

    static let name = "patients.create"
    static let summary = "Creates a patient (phone normalised to E.164); a likely duplicate answers -32009 with the existing id unless force."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static var paramsSchema: Schema {
        .object([
            required("lastName", PatientSchemas.name), required("firstName", PatientSchemas.name),
            required("birthDate", .date, "YYYY-MM-DD; not in the future"),
            required("phone", PatientSchemas.phoneInput, "06 12 34 56 78, 06.12.34.56.78, +33 6…, 0033 6…; stored as E.164"),
            optional("email", PatientSchemas.email), optional("address", PatientSchemas.address), optional("insurance", PatientSchemas.insurance),
            optional("relatedPersons", PatientSchemas.relatedPersons(RelatedPersonInput.schema), "Who may call for the patient"),
            optional("force", .boolean, "Create even when a patient with the same names and birth date exists"),
            optional("followedBy", .array(.string), PatientSchemas.followedByDescription)
        ])
    }
    static var resultSchema: Schema { PatientSchemas.patient }

    let directory: PracticeDirectory

    func handle(_ p: Params, context: RequestContext) async throws -> Patient {
        let practiceId = context.practiceId
        let now = context.now
        let patient = Patient(
            id: PatientRegistry.newID("pt_"),
            lastName: try PatientValidation.name(p.lastName, field: "lastName"),
            firstName: try PatientValidation.name(p.firstName, field: "firstName"),
            birthDate: try PatientValidation.birthDate(p.birthDate, today: directory.localDate(now)),
            phone: p.phone.e164,
            email: try PatientValidation.email(p.email),
            address: try PatientValidation.address(p.address),
            insurance: try PatientValidation.insurance(p.insurance),
            relatedPersons: try PatientValidation.relatedPersons(p.relatedPersons ?? []),
            followedBy: try PatientValidation.followedBy(p.followedBy ?? [], directory: directory),
            createdAt: now, updatedAt: now)
        let force = p.force ?? false
        try await context.write { db in
            if !force, let existing = try PracticeStore.duplicate(of: patient, practiceId: practiceId, in: db) {
                throw PatientsCreateMethod.duplicateError(existingId: existing)
            }
            try PracticeStore.insert(patient, practiceId: practiceId, in: db)
            try context.publish("patients.created", patient, in: db)
        }
        return patient
    }

    /// -32009 naming the existing patient.
    static func duplicateError(existingId: String) -> RPCError {
        RPCError.conflict(
            "a patient with the same names and birth date exists; pass force: true to create another",
            data: ["reason": "duplicate", "existingId": .string(existingId)])
    }
}
