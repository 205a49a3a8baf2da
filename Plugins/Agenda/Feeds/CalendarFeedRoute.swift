import Foundation
import GRDB
import Kernel
import Synchronization

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
    let cache = FeedCache()

    func route(host: KernelHost) -> HTTPRoute {
        let fetches = host.writeBehind(label: "audit of calendar feed fetches", empty: [FeedFetch](), isEmpty: \.isEmpty) { db, fetches in
            try FeedFetch.write(fetches, in: db)
        }
        return HTTPRoute("GET", "/calendars/{token}.ics", summary: "A practitioner's appointments as a calendar to subscribe to (calendars.createFeed gives the URL)") { request in
            try await answer(request, host: host, fetches: fetches)
        }
    }

    /// Reads outside any write: the token and the appointments' stamp on the calling thread, the
    /// appointments themselves only when the stamp moved; the fetch's audit row and count are
    /// written behind the answer (`WriteBehind`), flushed before `kernel.audit` reads the trail.
    func answer(_ request: HTTPRequestData, host: KernelHost, fetches: WriteBehind<[FeedFetch]>) async throws -> HTTPResponseData {
        let token = request.parameters["token"] ?? ""
        let now = host.clock.now()
        let from = now.addingTimeInterval(-30 * 86_400), to = now.addingTimeInterval(365 * 86_400)
        let cache = self.cache
        let found = try host.store.peekSnapshot { db -> (CalendarFeed, FeedCache.Entry?)? in
            guard token.count <= 100, let feed = try CalendarFeedStore.active(token: token, in: db) else { return nil }
            let stamp = try CalendarFeedStore.stamp(practitionerId: feed.practitionerId, from: from, to: to, in: db)
            return (feed, cache.entry(feed.practitionerId, stamp: stamp))
        }
        guard let (feed, cached) = found else { throw HTTPRouteError(404, "unknown or revoked calendar feed") }
        fetches.add { $0.append(FeedFetch(feedId: feed.id, practitionerId: feed.practitionerId, at: now)) }
        let entry: FeedCache.Entry
        if let cached {
            entry = cached
        } else {
            let practitionerId = feed.practitionerId
            let (list, stamp) = try await host.store.read { db in
                (try AgendaStore.appointments(practitionerId: practitionerId, from: from, to: to, in: db),
                 try CalendarFeedStore.stamp(practitionerId: practitionerId, from: from, to: to, in: db))
            }
            entry = write(feed, list, stamp: stamp)
        }
        let headers: [(name: String, value: String)] = [
            ("ETag", entry.etag), ("Last-Modified", HTTPDate.format(entry.lastModified)), ("Cache-Control", "private, no-cache"),
        ]
        let etag = entry.etag, lastModified = entry.lastModified
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
        return HTTPResponseData(status: 200, headers: [("Content-Type", "text/calendar; charset=utf-8")] + headers, body: entry.body)
    }

    /// Writes the calendar of `list` and keeps it for the next fetches while `stamp` holds.
    private func write(_ feed: CalendarFeed, _ list: [Appointment], stamp: String) -> FeedCache.Entry {
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
        let text = writer.calendar(shown)
        let etag = "\"" + String(TokenStore.hash(text).prefix(32)) + "\""
        // Whole seconds: HTTP dates have no fraction.
        let lastModified = Date(timeIntervalSince1970: (list.map(\.updatedAt).max() ?? feed.createdAt).timeIntervalSince1970.rounded(.down))
        let entry = FeedCache.Entry(stamp: stamp, body: Array(text.utf8), etag: etag, lastModified: lastModified)
        cache.store(feed.practitionerId, entry)
        return entry
    }
}

/// One fetch of a calendar feed, owed an audit row and a count on its feed.
struct FeedFetch: Sendable {
    let feedId: String
    let practitionerId: String
    let at: Date

    /// One audit row per fetch; each feed's count and last fetch updated once per batch.
    static func write(_ fetches: [FeedFetch], in db: Database) throws {
        var byFeed: [String: (count: Int, last: Date)] = [:]
        for f in fetches {
            try AuditLog.record(at: f.at, actor: "calendar-feed:\(f.feedId)", role: .practitioner, method: "http GET /calendars",
                                params: ["feedId": .string(f.feedId), "practitionerId": .string(f.practitionerId)], in: db)
            let seen = byFeed[f.feedId]
            byFeed[f.feedId] = ((seen?.count ?? 0) + 1, max(seen?.last ?? f.at, f.at))
        }
        for (id, seen) in byFeed { try CalendarFeedStore.noteFetches(id: id, count: seen.count, last: seen.last, in: db) }
    }
}

/// The last calendar written for each practitioner, with the stamp of the appointments it was
/// written from (`CalendarFeedStore.stamp`): calendars poll often and bookings are rare.
final class FeedCache: Sendable {
    struct Entry: Sendable {
        let stamp: String
        let body: [UInt8]
        let etag: String
        let lastModified: Date
    }
    private let entries = Mutex<[String: Entry]>([:])

    func entry(_ practitionerId: String, stamp: String) -> Entry? {
        entries.withLock { $0[practitionerId] }.flatMap { $0.stamp == stamp ? $0 : nil }
    }

    func store(_ practitionerId: String, _ entry: Entry) { entries.withLock { $0[practitionerId] = entry } }
}

/// HTTP dates (RFC 9110 §5.6.7, IMF-fixdate): `Sun, 06 Nov 1994 08:49:37 GMT`, written and read
/// by hand (a formatter per request would cost more than the rest of a 304).
enum HTTPDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - days * 86_400
        let (y, m, d) = RFC3339.civilFromDays(days)
        func pad(_ v: Int, _ w: Int = 2) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        let weekday = weekdays[((days % 7) + 7) % 7]
        return "\(weekday), \(pad(d)) \(months[m - 1]) \(pad(y, 4)) \(pad(rest / 3600)):\(pad(rest % 3600 / 60)):\(pad(rest % 60)) GMT"
    }

    /// The instant of an IMF-fixdate; nil for anything else.
    static func parse(_ text: String) -> Date? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let d = Int(parts[1]), let m = months.firstIndex(of: String(parts[2])),
              let y = Int(parts[3]) else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3, (1...31).contains(d), (0...23).contains(time[0]), (0...59).contains(time[1]), (0...60).contains(time[2]) else { return nil }
        let days = RFC3339.daysFromCivil(year: y, month: m + 1, day: d)
        return Date(timeIntervalSince1970: Double(days * 86_400 + time[0] * 3600 + time[1] * 60 + time[2]))
    }
}
