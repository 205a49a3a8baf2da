import Foundation
import JSONRPC
import Kernel
import Practice

/// `messaging.script`: which script applies for a call (open, overflow, lunchBreak, closed, holiday,
/// closure) and what to say.
struct ScriptMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        var siteId: String?
        var at: Date?
        var waitingCalls: Int?
    }
    static let name = "messaging.script"
    static let summary =
        "The call script for a site at an instant: mode (open, overflow, lunchBreak, closed, holiday, closure), greeting, instructions, options."
    static let role = Role.secretary
    static let paramsSchema = Schema.object([
        optional("siteId", .string, "default: the first site"),
        optional("at", .instant, "default: now"),
        optional("waitingCalls", .integer, "calls waiting at the practice's desk; above messaging.overflowThreshold the mode is overflow")
    ])
    static let resultSchema = Schema.object([
        required("mode", .oneOf(ScriptMode.allCases.map(\.rawValue))), required("siteId", .string), required("at", .instant),
        required("open", .boolean), optional("openUntil", .instant), optional("nextOpening", .instant),
        optional("nextOpeningText", .string), optional("closedReason", .string, "In French, for people"),
        optional("closedReasonKind", .oneOf(ClosedReason.kinds)), required("waitingCalls", .integer),
        required("overflowThreshold", .integer), required("greeting", .string), required("instructions", .string),
        required(
            "options",
            .array(
                .object([
                    required("id", .oneOf(ScriptOption.Kind.allCases.map(\.rawValue))),
                    required("label", .string), optional("method", .string)
                ])))
    ])

    let service: MessagingService

    func handle(_ p: Params, context: RequestContext) async throws -> CallScript {
        let site = try service.directory.site(p.siteId)
        let waiting = p.waitingCalls ?? 0
        guard waiting >= 0 else { throw RPCError.invalidParams(field: "waitingCalls", "must not be negative") }
        return CallScript.make(
            at: p.at ?? context.now, siteId: site.id, calendar: service.directory.calendars[site.id]!,
            waitingCalls: waiting, practiceName: service.directory.profile.name,
            configuration: service.configuration)
    }
}
