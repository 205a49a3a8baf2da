import Kernel

/// A practitioner as `practice.info` and `practice.practitioners` answer it. The mobile number
/// (for SMS alerts) is shown only to roles from `secretary` up.
struct PractitionerView: Encodable, Sendable {
    let id: String
    let name: String
    let specialty: String
    let sites: [String]
    let acceptsNewPatients: Bool
    let mobile: String?

    init(_ p: Practitioner, role: Role) {
        id = p.id
        name = p.name
        specialty = p.specialty
        sites = p.sites ?? []
        acceptsNewPatients = p.acceptsNewPatients ?? true
        mobile = role.satisfies(.secretary) ? p.mobile : nil
    }

    static var schema: Schema {
        .object([
            required("id", .string), required("name", .string), required("specialty", .string),
            required("sites", .array(.string), "Site ids where they consult"),
            required("acceptsNewPatients", .boolean), optional("mobile", .string, "E.164; secretary role and above")
        ])
    }
}
