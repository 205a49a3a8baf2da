import Kernel

/// A site as `practice.info` and `practice.sites` answer it: address (with a one-line form),
/// access notes and the weekly phone hours.
struct SiteView: Encodable, Sendable {
    struct Address: Encodable, Sendable {
        let street: String
        let postalCode: String?
        let city: String?
        let country: String?
        let singleLine: String
    }

    let id: String
    let name: String
    let address: Address?
    let access: Site.Access?
    let phoneHours: [Weekday: [LocalTimeRange]]

    init(_ site: Site) {
        id = site.id
        name = site.name
        address = site.address.map { Address(street: $0.street, postalCode: $0.postalCode, city: $0.city, country: $0.country, singleLine: $0.singleLine) }
        access = site.access
        phoneHours = site.phoneHours ?? [:]
    }

    static var schema: Schema {
        .object([
            required("id", .string), required("name", .string),
            optional(
                "address",
                .object([
                    required("street", .string), optional("postalCode", .string), optional("city", .string),
                    optional("country", .string), required("singleLine", .string)
                ])),
            optional(
                "access",
                .object([
                    optional("transit", .string), optional("parking", .string),
                    optional("accessibility", .string), optional("notes", .string)
                ])),
            required("phoneHours", .map(.array(.string)).describing("Weekday (monday…sunday) → local ranges HH:mm-HH:mm; gaps are lunch closures"))
        ])
    }
}
