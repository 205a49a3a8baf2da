import Foundation
import Kernel

/// `GET /calendars/{token}.ics`: a practitioner's appointments for a calendar to subscribe to
/// (Google, Outlook, Apple, Android, Thunderbird), written by `ICalendarWriter` as `agenda.ics` does.
///
/// The same window as `agenda.ics` (30 days back, 365 ahead); patients named as
/// `calendars.patientNames` says. `ETag` is a digest of the body and `Last-Modified` the latest
/// change of an appointment in it: `If-None-Match` (or, without it, `If-Modified-Since`) that
/// still holds gets 304 without a body. Every fetch is audited; an unknown or revoked token is 404.
struct CalendarFeedRoute {
    let core: AgendaCore
    let patientNames: FeedPatientNames

    func route(host: KernelHost) -> HTTPRoute {
        HTTPRoute("GET", "/calendars/{token}.ics", summary: "A practitioner's appointments as a calendar to subscribe to (calendars.createFeed gives the URL)") { request in
            try await answer(request, host: host)
        }
    }

    func answer(_ request: HTTPRequestData, host: KernelHost) async throws -> HTTPResponseData {
        let token = request.parameters["token"] ?? ""
        let now = host.clock.now()
        let from = now.addingTimeInterval(-30 * 86_400), to = now.addingTimeInterval(365 * 86_400)
        let found = try await host.store.write { db -> (CalendarFeed, [Appointment])? in
            guard token.count <= 100, let feed = try CalendarFeedStore.active(token: token, in: db) else { return nil }
            let list = try AgendaStore.appointments(practitionerId: feed.practitionerId, from: from, to: to, in: db)
            try CalendarFeedStore.noteFetch(id: feed.id, at: now, in: db)
            try AuditLog.record(at: now, actor: "calendar-feed:\(feed.id)", role: .practitioner, method: "http GET /calendars",
                                params: ["feedId": .string(feed.id), "practitionerId": .string(feed.practitionerId),
                                         "events": .int(list.count)], in: db)
            return (feed, list)
        }
        guard let (feed, list) = found else { throw HTTPRouteError(404, "unknown or revoked calendar feed") }
        let practitionerName = core.rules.practitioner(feed.practitionerId)?.name ?? feed.practitionerId
        var locations: [String: String] = [:]
        for site in core.directory.sites {
            locations[site.id] = ([site.name] + (site.address.map { [$0.singleLine] } ?? [])).joined(separator: ", ")
        }
        let writer = ICalendarWriter(calendarName: "\(practitionerName) — \(core.directory.profile.name)", locations: locations)
        let shown = list.map { a -> Appointment in
            var a = a
            a.patientName = patientNames.label(a.patientName)
            a.patientId = ""
            return a
        }
        let body = Array(writer.calendar(shown).utf8)
        let etag = "\"" + String(TokenStore.hash(String(decoding: body, as: UTF8.self)).prefix(32)) + "\""
        // Whole seconds: HTTP dates have no fraction.
        let lastModified = Date(timeIntervalSince1970: (list.map(\.updatedAt).max() ?? feed.createdAt).timeIntervalSince1970.rounded(.down))
        let headers: [(name: String, value: String)] = [
            ("ETag", etag), ("Last-Modified", HTTPDate.format(lastModified)), ("Cache-Control", "private, no-cache"),
        ]
        let notModified: Bool
        if let match = request.header("If-None-Match") {
            notModified = match.split(separator: ",").contains { tag in
                let t = tag.trimmingCharacters(in: .whitespaces)
                return t == "*" || t == etag || t == "W/" + etag
            }
        } else if let since = request.header("If-Modified-Since").flatMap(HTTPDate.parse) {
            notModified = lastModified <= since
        } else {
            notModified = false
        }
        if notModified { return HTTPResponseData(status: 304, headers: headers) }
        return HTTPResponseData(status: 200, headers: [("Content-Type", "text/calendar; charset=utf-8")] + headers, body: body)
    }
}

/// HTTP dates (RFC 9110 §5.6.7, IMF-fixdate): `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDate {
    private static func formatter() -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f
    }

    static func format(_ date: Date) -> String { formatter().string(from: date) }
    static func parse(_ text: String) -> Date? { formatter().date(from: text.trimmingCharacters(in: .whitespaces)) }
}
