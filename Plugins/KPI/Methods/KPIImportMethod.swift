import Foundation
import JSONRPC
import Kernel

/// `kpi.import {format: queue-log|csv, content}`: imports call records; counts imported records,
/// duplicates (already stored) and malformed lines with their numbers.
struct KPIImportMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let format: KPIImporter.Format
        let content: String
    }
    let kpi: KPIContext
    static let name = "kpi.import"
    static let summary = "Imports call records from an Asterisk queue_log or a CSV export; re-importing adds nothing."
    static let role = Role.staff
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("format", .oneOf(KPIImporter.Format.allCases.map(\.rawValue))),
        required("content", .text(1 << 20), "The whole file, as text (up to 1 MiB; the request line limit applies too).")
    ])
    static let resultSchema = Schema.object([
        required("format", .string), required("parsed", .integer), required("imported", .integer),
        required("duplicates", .integer), required("ignoredLines", .integer), required("malformedCount", .integer),
        required("malformed", .array(.object([required("lineNumber", .integer), required("reason", .string), required("text", .string)])))
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> KPIImporter.Summary {
        let importer = KPIImporter()
        let parsed = importer.parse(p.content, format: p.format)
        return try await importer.store(parsed, format: p.format, into: context.store, practiceId: context.practiceId, now: context.now)
    }
}
