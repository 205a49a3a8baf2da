import Foundation
import Kernel

/// `agenda.types`: what can be booked with whom, and at which sites.
struct AppointmentTypes: RPCMethod {
    struct Params: Decodable, Sendable { let practitionerId: String? }
    struct Entry: Encodable, Sendable {
        let practitionerId: String
        let practitionerName: String
        let specialty: String
        let acceptsNewPatients: Bool
        let sites: [String]
        let types: [TypeEntry]
    }
    struct TypeEntry: Encodable, Sendable {
        let id: String, label: String, minutes: Int, capacity: Int, audience: String, bookableBy: [String]?
        let releaseHoursBefore: Double?, minNoticeMinutes: Int, horizonDays: Int, bufferMinutes: Int, stepMinutes: Int, mode: String
    }
    static let name = "agenda.types"
    static let summary = "Each practitioner's appointment types with their rules, sites and whether new patients are taken."
    static let role = Role.secretary
    static let paramsSchema = Schema.object([optional("practitionerId", .string)])
    static let resultSchema = Schema.array(
        .object([
            required("practitionerId", .string), required("practitionerName", .string), required("specialty", .string),
            required("acceptsNewPatients", .boolean), required("sites", .array(.string)), required("types", .array(typeEntry))
        ]))
    static let typeEntry = Schema.object([
        required("id", .string), required("label", .string), required("minutes", .integer), required("capacity", .integer),
        required("audience", .string), optional("bookableBy", .array(.string), "Roles that may book it (absent: any)."),
        optional("releaseHoursBefore", .number), required("minNoticeMinutes", .integer), required("horizonDays", .integer),
        required("bufferMinutes", .integer), required("stepMinutes", .integer), required("mode", .string)
    ])
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> [Entry] {
        let list = try p.practitionerId.map { [try core.practitioner($0)] } ?? core.rules.practitioners
        return list.map { pr in
            Entry(
                practitionerId: pr.id, practitionerName: pr.name, specialty: pr.specialty, acceptsNewPatients: pr.acceptsNewPatients,
                sites: pr.siteIds,
                types: pr.types.map {
                    TypeEntry(
                        id: $0.id, label: $0.label, minutes: $0.minutes, capacity: $0.capacity, audience: $0.audience.rawValue,
                        bookableBy: $0.bookableBy?.map(\.rawValue), releaseHoursBefore: $0.releaseHoursBefore,
                        minNoticeMinutes: $0.minNoticeMinutes, horizonDays: $0.horizonDays, bufferMinutes: $0.bufferMinutes,
                        stepMinutes: $0.stepMinutes, mode: $0.mode)
                })
        }
    }
}
