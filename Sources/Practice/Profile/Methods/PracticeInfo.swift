import Foundation
import Kernel

/// `practice.info`: the practice's profile — identity, contact, insurance, specialties and
/// services, closures — with its sites and practitioners.
struct PracticeInfo: RPCMethod {
    struct Insurance: Encodable, Sendable {
        let conventionnement: String?
        let tiersPayant: String?
        let carteVitale: Bool?
        let mutuelles: String?
    }
    struct Result: Encodable, Sendable {
        let id: String
        let name: String
        let shortName: String?
        let numbers: [String]
        let timezone: String
        let locale: String
        let phone: String?
        let fax: String?
        let email: String?
        let website: String?
        let holidays: String
        let insurance: Insurance?
        let specialties: [String]
        let services: [String]
        let closures: [PracticeProfile.Closure]
        let exceptionalOpenings: [ExceptionalOpening]
        let sites: [SiteView]
        let practitioners: [PractitionerView]
    }

    static let name = "practice.info"
    static let summary = "The practice's profile: contact, insurance, specialties and services, closures, sites and practitioners."
    static let role = Role.integration
    static var paramsSchema: Schema { .empty }
    static var resultSchema: Schema {
        .object([
            required("id", .string, "practice.id, or \"default\""), required("name", .string), optional("shortName", .string),
            required("numbers", .array(.string), "E.164 numbers that forward to the service for this practice"), required("timezone", .string),
            required("locale", .string),
            optional("phone", .string), optional("fax", .string), optional("email", .string), optional("website", .string),
            required("holidays", .oneOf(HolidayCalendar.allCases.map(\.rawValue))),
            optional(
                "insurance",
                .object([
                    optional("conventionnement", .string, "Conventionnement: fee agreement (secteur 1, secteur 2…)"),
                    optional("tiersPayant", .string, "Tiers payant: intégral, partiel, aucun"),
                    optional("carteVitale", .boolean), optional("mutuelles", .string)
                ])),
            required("specialties", .array(.string), "Configured, or else the practitioners' specialties"),
            required("services", .array(.string)),
            required("closures", .array(.object([required("from", .date), required("to", .date), required("reason", .string), optional("site", .string)]))),
            required(
                "exceptionalOpenings",
                .array(
                    .object([
                        required("date", .date), required("ranges", .array(.string)),
                        optional("site", .string), optional("reason", .string)
                    ]))),
            required("sites", .array(SiteView.schema)), required("practitioners", .array(PractitionerView.schema))
        ])
    }

    let directory: PracticeDirectory

    func handle(_ p: NoParams, context: RequestContext) async throws -> Result {
        let profile = directory.profile
        var specialties = profile.specialties ?? []
        if specialties.isEmpty {
            for p in directory.practitioners where !specialties.contains(p.specialty) { specialties.append(p.specialty) }
        }
        return Result(
            id: profile.practiceId, name: profile.name, shortName: profile.shortName, numbers: profile.numbers ?? [],
            timezone: directory.timeZone.identifier, locale: profile.locale ?? "fr-FR",
            phone: profile.phone, fax: profile.fax, email: profile.email, website: profile.website,
            holidays: (profile.holidays ?? .france).rawValue,
            insurance: profile.insurance.map {
                Insurance(
                    conventionnement: $0.conventionnement, tiersPayant: $0.tiersPayant,
                    carteVitale: $0.carteVitale, mutuelles: $0.mutuelles)
            },
            specialties: specialties, services: profile.services ?? [],
            closures: profile.closures ?? [], exceptionalOpenings: profile.exceptionalOpenings ?? [],
            sites: directory.sites.map(SiteView.init),
            practitioners: directory.practitioners.map { PractitionerView($0, role: context.role) })
    }
}
