import Foundation
import JSONRPC
import Kernel

/// `patients.update`: changes the fields given; `null` clears an optional field (email, address,
/// insurance); `relatedPersons` and `followedBy` replace the whole list (`null` empties it). With
/// `version`, a stale record answers -32009. Publishes `patients.updated` when something changed.
struct PatientsUpdate: RPCMethod {
    struct Params: Decodable, Sendable {
        let patientId: String
        let lastName: FieldUpdate<String>
        let firstName: FieldUpdate<String>
        let birthDate: FieldUpdate<LocalDate>
        let phone: FieldUpdate<PhoneNumber>
        let email: FieldUpdate<String>
        let address: FieldUpdate<Patient.Address>
        let insurance: FieldUpdate<Patient.Insurance>
        let relatedPersons: FieldUpdate<[RelatedPersonInput]>
        let followedBy: FieldUpdate<[String]>
        let version: Int?
        let force: Bool?

        enum CodingKeys: String, CodingKey {
            case patientId, lastName, firstName, birthDate, phone, email, address, insurance, relatedPersons, followedBy, version, force
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            patientId = try c.decode(String.self, forKey: .patientId)
            lastName = try c.update(String.self, forKey: .lastName)
            firstName = try c.update(String.self, forKey: .firstName)
            birthDate = try c.update(LocalDate.self, forKey: .birthDate)
            phone = try c.update(PhoneNumber.self, forKey: .phone)
            email = try c.update(String.self, forKey: .email)
            address = try c.update(Patient.Address.self, forKey: .address)
            insurance = try c.update(Patient.Insurance.self, forKey: .insurance)
            relatedPersons = try c.update([RelatedPersonInput].self, forKey: .relatedPersons)
            followedBy = try c.update([String].self, forKey: .followedBy)
            version = try c.decodeIfPresent(Int.self, forKey: .version)
            force = try c.decodeIfPresent(Bool.self, forKey: .force)
            for (field, update) in [
                ("lastName", lastName.isClear), ("firstName", firstName.isClear),
                ("birthDate", birthDate.isClear), ("phone", phone.isClear)
            ] where update {
                throw RPCError.invalidParams(field: field, "cannot be null: it is required")
            }
        }
    }

    static let name = "patients.update"
    static let summary = "Changes a patient's fields (null clears an optional one); optimistic concurrency with version."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static var paramsSchema: Schema {
        .object([
            required("patientId", PatientSchemas.id),
            optional("lastName", PatientSchemas.name), optional("firstName", PatientSchemas.name), optional("birthDate", .date),
            optional("phone", PatientSchemas.phoneInput),
            optional("email", .nullable(PatientSchemas.email)), optional("address", .nullable(PatientSchemas.address)),
            optional("insurance", .nullable(PatientSchemas.insurance)),
            optional("relatedPersons", PatientSchemas.relatedPersons(RelatedPersonInput.schema), "Replaces the whole list"),
            optional("version", .integer, "The version read; a newer stored version answers -32009"),
            optional("force", .boolean, "Accept names and birth date equal to another patient's"),
            optional("followedBy", .nullable(.array(.string)), PatientSchemas.followedByDescription + "; replaces the whole list")
        ])
    }
    static var resultSchema: Schema { PatientSchemas.patient }

    let directory: PracticeDirectory

    func handle(_ p: Params, context: RequestContext) async throws -> Patient {
        let today = directory.localDate(context.now)
        // Validate everything before opening the transaction.
        let lastName = try p.lastName.map { try PatientValidation.name($0, field: "lastName") }
        let firstName = try p.firstName.map { try PatientValidation.name($0, field: "firstName") }
        let birthDate = try p.birthDate.map { try PatientValidation.birthDate($0, today: today) }
        let email = try p.email.map { try PatientValidation.email($0) }
        let address = try p.address.map { try PatientValidation.address($0) }
        let insurance = try p.insurance.map { try PatientValidation.insurance($0) }
        let related = try p.relatedPersons.map { try PatientValidation.relatedPersons($0) }
        let followedBy = try p.followedBy.map { try PatientValidation.followedBy($0, directory: directory) }
        let phone = p.phone.map { Optional($0.e164) }
        return try await PatientChange.apply(
            patientId: p.patientId, expectedVersion: p.version, force: p.force ?? false,
            context: context
        ) { patient in
            if case .set(let v?) = lastName { patient.lastName = v }
            if case .set(let v?) = firstName { patient.firstName = v }
            if case .set(let v?) = birthDate { patient.birthDate = v }
            if case .set(let v?) = phone { patient.phone = v }
            switch email {
            case .keep: break
            case .clear: patient.email = nil
            case .set(let v): patient.email = v
            }
            switch address {
            case .keep: break
            case .clear: patient.address = nil
            case .set(let v): patient.address = v
            }
            switch insurance {
            case .keep: break
            case .clear: patient.insurance = nil
            case .set(let v): patient.insurance = v
            }
            switch related {
            case .keep: break
            case .clear: patient.relatedPersons = []
            case .set(let v?):
                // A person already listed (same relationship, name and phone) keeps their id.
                patient.relatedPersons = v.map { new in
                    patient.relatedPersons.first { $0.relationship == new.relationship && $0.name == new.name && $0.phone == new.phone } ?? new
                }
            case .set(nil): break
            }
            switch followedBy {
            case .keep: break
            case .clear: patient.followedBy = []
            case .set(let v): patient.followedBy = v ?? []
            }
        }
    }
}

extension FieldUpdate {
    var isClear: Bool { if case .clear = self { true } else { false } }

    /// The same update with the value transformed (validation); `.set` holds the optional result.
    func map<T: Sendable>(_ transform: (Value) throws -> T?) rethrows -> FieldUpdate<T?> {
        switch self {
        case .keep: .keep
        case .clear: .clear
        case .set(let v): .set(try transform(v))
        }
    }
}
