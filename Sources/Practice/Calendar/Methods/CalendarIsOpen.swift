import Foundation
import Kernel

/// `calendar.isOpen`: whether a site's phone line is open at an instant (default now), until
/// when, and otherwise why not and when it next opens.
struct CalendarIsOpen: RPCMethod {
    struct Params: Decodable, Sendable {
        let siteId: String?
        let at: Date?
    }
    struct Result: Encodable, Sendable {
        let siteId: String
        let at: Date
        let open: Bool
        /// While open: when it closes (adjacent ranges count as one opening).
        let until: Date?
        /// While closed: the next opening.
        let nextOpening: Date?
        /// While closed, in French: « jour férié : Lundi de Pâques », « fermeture : congés d'été »,
        /// « pause déjeuner », « hors des heures d'ouverture ».
        let reason: String?
        /// While closed: `holiday`, `closure`, `lunchBreak` or `outsideHours`.
        let reasonKind: String?
    }

    static let name = "calendar.isOpen"
    static let summary = "Whether a site is open at an instant (default now): until when, or why not and the next opening."
    static let role = Role.integration
    static var paramsSchema: Schema {
        .object([optional("siteId", .string, "Default: the first site"), optional("at", .instant, "Default: now")])
    }
    static var resultSchema: Schema {
        .object([
            required("siteId", .string), required("at", .instant), required("open", .boolean), optional("until", .instant),
            optional("nextOpening", .instant), optional("reason", .string, "In French, for people"),
            optional("reasonKind", .oneOf(ClosedReason.kinds))
        ])
    }

    let directory: PracticeDirectory

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let site = try directory.site(p.siteId)
        let calendar = try directory.calendar(for: site.id)
        let at = p.at ?? context.now
        let state = calendar.isOpen(at: at)
        return Result(
            siteId: site.id, at: at, open: state.isOpen, until: state.until, nextOpening: state.nextOpening,
            reason: state.reason?.description, reasonKind: state.reason?.kind)
    }
}
