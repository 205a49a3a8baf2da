import Foundation
import JSONRPC
import Kernel

/// `privacy.purge`: runs the retention purge now (it also runs once a day) and answers what it
/// removed, by retention class, with the durations applied.
struct PrivacyPurgeMethod: RPCMethod {
    let job: RetentionJob
    struct Result: Encodable, Sendable {
        let purgedAt: Date
        /// Rows removed (or emptied), by retention class.
        let counts: [String: Int]
        /// The durations applied, in days, by retention class.
        let retentionDays: JSONValue
    }

    static let name = "privacy.purge"
    static let summary = "Runs the retention purge now; counts of what it removed, by retention class."
    static let role = Role.admin
    static let effect = MethodEffect.write
    static var paramsSchema: Schema { .empty }
    static var resultSchema: Schema {
        .object([required("purgedAt", .instant), required("counts", .map(.integer)), required("retentionDays", .map(.integer))])
    }

    func handle(_ p: NoParams, context: RequestContext) async throws -> Result {
        let counts = try await job.run(host: context.host, actor: context.actor)
        return Result(purgedAt: context.now, counts: counts, retentionDays: job.policy.json)
    }
}
