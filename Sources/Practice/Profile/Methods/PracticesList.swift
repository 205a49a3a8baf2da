import Foundation
import Kernel

/// `practices.list`: the practices this server answers for, each with the numbers patients dial
/// to reach it (`practice.numbers`), its time zone and its sites.
///
/// One server answers for one practice today (`--config FILE`, or a `--practices DIR` of one
/// file); the list is the shape consoles keep when a server answers for several.
struct PracticesList: RPCMethod {
    struct Site: Encodable, Sendable {
        let id: String
        let name: String
    }
    struct Practice: Encodable, Sendable {
        let id: String
        let name: String
        let shortName: String?
        let numbers: [String]
        let timezone: String
        let sites: [Site]
    }
    struct Result: Encodable, Sendable {
        let practices: [Practice]
    }

    static let name = "practices.list"
    static let summary = "The practices this server answers for, with the numbers patients dial to reach each, its time zone and sites."
    static let role = Role.integration
    static var paramsSchema: Schema { .empty }
    static var resultSchema: Schema {
        .object([
            required("practices", .array(.object([
                required("id", .string, "practice.id, or \"default\" when the file has none"),
                required("name", .string), optional("shortName", .string),
                required("numbers", .array(.string), "E.164 numbers that forward to the service for this practice"),
                required("timezone", .string),
                required("sites", .array(.object([required("id", .string), required("name", .string)]))),
            ]))),
        ])
    }

    let directory: PracticeDirectory

    func handle(_ p: NoParams, context: RequestContext) async throws -> Result {
        let profile = directory.profile
        return Result(practices: [
            Practice(id: profile.practiceId, name: profile.name, shortName: profile.shortName, numbers: profile.numbers ?? [],
                     timezone: directory.timeZone.identifier, sites: directory.sites.map { Site(id: $0.id, name: $0.name) }),
        ])
    }
}
