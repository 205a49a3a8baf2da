import Foundation
import JSONRPC
import Kernel
import Practice

/// `agenda.ics`: a practitioner's appointments as an RFC 5545 calendar (patient name and type only).
struct AgendaICSMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let practitionerId: String
        let from: Date?
        let to: Date?
    }
    struct Result: Encodable, Sendable {
        let contentType: String
        let filename: String
        let events: Int
        let calendar: String
    }
    static let name = "agenda.ics"
    static let summary = "A practitioner's appointments as iCalendar text (default window: 30 days back to 365 days ahead)."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static let paramsSchema = Schema.object([required("practitionerId", .string), optional("from", .instant), optional("to", .instant)])
    static let resultSchema = Schema.object([
        required("contentType", .string), required("filename", .string), required("events", .integer),
        required("calendar", .string, "text/calendar, CRLF line endings")
    ])
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let practiceId = context.practiceId
        let practitioner = try core.practitioner(p.practitionerId)
        let from = p.from ?? context.now.addingTimeInterval(-30 * 86_400)
        let to = p.to ?? context.now.addingTimeInterval(365 * 86_400)
        guard from < to else { throw RPCError.unprocessable(field: "to", "must be after from") }
        let list = try await context.store.read { db in
            try AgendaStore.appointments(practitionerId: p.practitionerId, from: from, to: to, practiceId: practiceId, in: db)
        }
        var locations: [String: String] = [:]
        for site in core.directory.sites {
            locations[site.id] = ([site.name] + (site.address.map { [$0.singleLine] } ?? [])).joined(separator: ", ")
        }
        let writer = ICalendarWriter(calendarName: "\(practitioner.name) — \(core.directory.profile.name)", locations: locations)
        return Result(
            contentType: "text/calendar; charset=utf-8", filename: "\(practitioner.id).ics", events: list.count,
            calendar: writer.calendar(list))
    }
}
