import Foundation
import JSONRPC
import Kernel

/// `practices.list`: the practices this server answers for, each with the numbers patients dial
/// to reach it (`practice.numbers`), its time zone, and whether its desk is open now: the script
/// mode a secretary will read (`open`, `lunchBreak`, `closed`, `holiday`, `closure`; whether an
/// open desk overflows depends on the calls waiting, which `messaging.script` is told), for the
/// practice (its main site) and for each site.
///
/// Lists every practice the session acts for (its token's), in the directory's file order.
struct PracticesListMethod: RPCMethod {
    struct Site: Encodable, Sendable {
        let id: String
        let name: String
        let mode: String
        /// While open, when the desk closes; while closed, when it opens again.
        let openUntil: Date?
        let nextOpening: Date?
    }
    struct Practice: Encodable, Sendable {
        let id: String
        let name: String
        let shortName: String?
        let numbers: [String]
        let timezone: String
        /// The main site's mode.
        let mode: String
        let sites: [Site]
    }
    struct Result: Encodable, Sendable {
        let practices: [Practice]
    }

    static let name = "practices.list"
    static let summary = "The practices this server answers for, with the numbers patients dial to reach each, its time zone and sites."
    static let role = Role.integration
    static let scope = MethodScope.service
    static var paramsSchema: Schema { .empty }
    static var resultSchema: Schema {
        .object([
            required(
                "practices",
                .array(
                    .object([
                        required("id", .string, "practice.id, or \"default\" when the file has none"),
                        required("name", .string), optional("shortName", .string),
                        required("numbers", .array(.string), "E.164 numbers that forward to the service for this practice"),
                        required("timezone", .string),
                        required("mode", .oneOf(Self.modes), "The script mode now at the main site"),
                        required(
                            "sites",
                            .array(
                                .object([
                                    required("id", .string), required("name", .string), required("mode", .oneOf(Self.modes)),
                                    optional("openUntil", .instant), optional("nextOpening", .instant)
                                ])))
                    ])))
        ])
    }

    /// The script modes a calendar alone tells (`overflow` also needs the calls waiting).
    static let modes = ["open", "lunchBreak", "closed", "holiday", "closure"]

    /// The script mode of a site's state: `open`, or why it is closed (`outsideHours` reads `closed`).
    static func mode(of state: OpenState) -> String {
        state.isOpen ? "open" : (state.reason.map { $0.kind == "outsideHours" ? "closed" : $0.kind } ?? "closed")
    }

    let directory: PracticeDirectory

    func handle(_ p: NoParams, context: RequestContext) async throws -> Result {
        let now = context.host.clock.now()
        let practices = context.visiblePractices.compactMap { host -> Practice? in
            guard let directory = host === context.host ? directory : host.services.resolve(PracticeDirectory.self) else { return nil }
            let profile = directory.profile
            let sites = directory.sites.map { site -> Site in
                let state = directory.calendars[site.id]!.isOpen(at: now)
                return Site(id: site.id, name: site.name, mode: Self.mode(of: state), openUntil: state.until, nextOpening: state.nextOpening)
            }
            return Practice(
                id: profile.practiceId, name: profile.name, shortName: profile.shortName, numbers: profile.numbers ?? [],
                timezone: directory.timeZone.identifier, mode: sites[0].mode, sites: sites)
        }
        return Result(practices: practices)
    }
}
