import Foundation
import Kernel

/// `practice.practitioners`: the practitioners, optionally only those of one site or those who
/// accept new patients.
struct PracticePractitioners: RPCMethod {
    struct Params: Decodable, Sendable {
        let siteId: String?
        let acceptsNewPatients: Bool?
    }
    struct Result: Encodable, Sendable { let practitioners: [PractitionerView] }
    static let name = "practice.practitioners"
    static let summary = "The practitioners: specialty, sites, whether they accept new patients; filters by site and acceptance."
    static let role = Role.integration
    static var paramsSchema: Schema {
        .object([
            optional("siteId", .string, "Only those who consult at this site"),
            optional("acceptsNewPatients", .boolean, "Only those who do (true) or do not (false)")
        ])
    }
    static var resultSchema: Schema { .object([required("practitioners", .array(PractitionerView.schema))]) }

    let directory: PracticeDirectory

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let siteId = try p.siteId.map { try directory.site($0).id }
        let list = directory.practitioners
            .filter { siteId == nil || ($0.sites ?? []).contains(siteId!) }
            .filter { p.acceptsNewPatients == nil || ($0.acceptsNewPatients ?? true) == p.acceptsNewPatients }
        return Result(practitioners: list.map { PractitionerView($0, role: context.role) })
    }
}
