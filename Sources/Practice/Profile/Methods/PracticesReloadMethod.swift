import Foundation
import JSONRPC
import Kernel

/// `practices.reload`: reads the practice files again and applies them without dropping sessions
/// (as SIGHUP does): changed practices take their new version, new files add a practice, removed
/// files stop theirs; a file with errors is told with its file, path and line and its practice
/// keeps its previous version. See `PracticesReload`.
struct PracticesReloadMethod: RPCMethod {
    static let name = "practices.reload"
    static let summary = "Applies the practice files again (as SIGHUP): what was added, changed, removed, unchanged, and each file not applied with its errors."
    static let role = Role.admin
    static let effect = MethodEffect.write
    static let scope = MethodScope.service
    static var paramsSchema: Schema { .empty }
    static var resultSchema: Schema {
        .object([
            required("added", .array(.string), "Practices served from now on"),
            required("changed", .array(.string), "Practices whose new version is served"),
            required("removed", .array(.string), "Practices whose file is gone: no longer served"),
            required("unchanged", .array(.string)),
            required(
                "problems",
                .array(
                    .object([
                        required("file", .string), optional("keptPracticeId", .string, "The practice kept in its previous version"),
                        required("errors", .array(.string), "One per problem, with the path and line in the file")
                    ])), "Files not applied")
        ])
    }

    func handle(_ p: NoParams, context: RequestContext) async throws -> PracticesReload {
        try await context.practices.reload()
    }
}
