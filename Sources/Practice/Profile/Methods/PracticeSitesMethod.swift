import Foundation
import JSONRPC
import Kernel

/// `practice.sites`: every site with its address, access notes and weekly phone hours.
struct PracticeSitesMethod: RPCMethod {
    struct Result: Encodable, Sendable { let sites: [SiteView] }
    static let name = "practice.sites"
    static let summary = "The practice's sites: address, access notes, weekly phone hours."
    static let role = Role.integration
    static var paramsSchema: Schema { .empty }
    static var resultSchema: Schema { .object([required("sites", .array(SiteView.schema))]) }

    let directory: PracticeDirectory

    func handle(_ p: NoParams, context: RequestContext) async throws -> Result {
        Result(sites: directory.sites.map(SiteView.init))
    }
}
