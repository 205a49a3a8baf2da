import Foundation
import JSONRPC
import Kernel
import Practice
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
    let cache: FeedCache

    init(core: AgendaCore, patientNames: FeedPatientNames, recheckAfter: Duration = FeedCache.recheckAfter) {
        self.core = core
        self.patientNames = patientNames
        cache = FeedCache(recheckAfter: recheckAfter)
    }

    func route(host: KernelHost) -> HTTPRoute {
        let practiceId = host.practiceId
        let fetches = host.writeBehind(label: "audit of calendar feed fetches", empty: [FeedFetch](), isEmpty: \.isEmpty) { db, fetches in
            try FeedFetch.write(fetches, practiceId: host.practiceId, in: db)
        }
        let changes = FeedChangeObserver()
        changes.watch(host.store)
        return HTTPRoute(
            "GET", "/calendars/{token}.ics", summary: "A practitioner's appointments as a calendar to subscribe to (calendars.createFeed gives the URL)"
        ) { request in
            try await answer(request, host: host, fetches: fetches, changes: changes)
        }
    }

    /// Usually answered from memory: a token checked less than `FeedCache.recheckAfter` ago, with no
    /// booking, change or revocation committed by this server since (`FeedChangeObserver`), gets the
    /// calendar written at the last change. Otherwise the token and the appointments' stamp are read
    /// outside any write (`Store.peekSnapshot`), the appointments themselves only when the stamp
    /// moved. The fetch's audit row and count are written behind the answer (`WriteBehind`), flushed
    /// before `kernel.audit` reads the trail.
    func answer(
        _ request: HTTPRequestData, host: KernelHost, fetches: WriteBehind<[FeedFetch]>,
        changes: FeedChangeObserver
    ) async throws -> HTTPResponseData {
        let token = request.parameters["token"] ?? ""
        guard token.utf8.count <= 100 else { throw HTTPRouteError(404, "unknown or revoked calendar feed") }
        let tokenHash = TokenStore.hash(token)
        let now = host.clock.now()
        let generation = changes.generation
        let practiceId = host.practiceId
        let feed: CalendarFeed
        let entry: FeedCache.Entry
        if let known = cache.checked(tokenHash, generation: generation, now: now) {
            (feed, entry) = known
        } else {
            let from = now.addingTimeInterval(-30 * 86_400)
            let to = now.addingTimeInterval(365 * 86_400)
            let cache = self.cache
            let found = try host.store.peekSnapshot { db -> (CalendarFeed, FeedCache.Entry?)? in
                guard let feed = try CalendarFeedStore.active(tokenHash: tokenHash, practiceId: practiceId, in: db) else { return nil }
                let stamp = try CalendarFeedStore.stamp(practitionerId: feed.practitionerId, from: from, to: to, practiceId: practiceId, in: db)
                return (feed, cache.entry(feed.practitionerId, stamp: stamp))
            }
            guard let (active, cached) = found else { throw HTTPRouteError(404, "unknown or revoked calendar feed") }
            feed = active
            if let cached {
                entry = cached
            } else {
                let practitionerId = feed.practitionerId
                let (list, stamp) = try await host.store.read { db in
                    (
                        try AgendaStore.appointments(practitionerId: practitionerId, from: from, to: to, practiceId: practiceId, in: db),
                        try CalendarFeedStore.stamp(practitionerId: practitionerId, from: from, to: to, practiceId: practiceId, in: db)
                    )
                }
                entry = write(feed, list, stamp: stamp)
            }
            cache.remember(tokenHash, feed: feed, entry: entry, generation: generation, now: now)
        }
        fetches.add { $0.append(FeedFetch(feedId: feed.id, practitionerId: feed.practitionerId, at: now)) }
        let headers: [(name: String, value: String)] = [
            ("ETag", entry.etag), ("Last-Modified", entry.lastModifiedHeader), ("Cache-Control", "private, no-cache")
        ]
        let etag = entry.etag
        let lastModified = entry.lastModified
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

    /// One audit row per feed and batch: the fetches a commit gathers (one, unless calendars fetch
    /// faster than a commit takes), with their number and first and last instants; each feed's
    /// count and last fetch updated once per batch.
    static func write(_ fetches: [FeedFetch], practiceId: String, in db: any StoreConnection) throws {
        var byFeed: [String: (practitionerId: String, count: Int, first: Date, last: Date)] = [:]
        var order: [String] = []
        for f in fetches {
            if let seen = byFeed[f.feedId] {
                byFeed[f.feedId] = (seen.practitionerId, seen.count + 1, min(seen.first, f.at), max(seen.last, f.at))
            } else {
                byFeed[f.feedId] = (f.practitionerId, 1, f.at, f.at)
                order.append(f.feedId)
            }
        }
        for id in order {
            let seen = byFeed[id]!
            var params: [(String, JSONValue)] = [("feedId", .string(id)), ("practitionerId", .string(seen.practitionerId)), ("fetches", .int(seen.count))]
            if seen.count > 1 {
                params += [("first", .string(RFC3339.format(seen.first, in: .gmt))), ("last", .string(RFC3339.format(seen.last, in: .gmt)))]
            }
            try AuditLog.record(
                at: seen.last, actor: "calendar-feed:\(id)", role: .practitioner, method: "http GET /calendars",
                params: .object(JSONObject(params)), practiceId: practiceId, in: db)
            try CalendarFeedStore.noteFetches(id: id, count: seen.count, last: seen.last, practiceId: practiceId, in: db)
        }
    }
}

/// The last calendar written for each practitioner, with the stamp of the appointments it was
/// written from (`CalendarFeedStore.stamp`): calendars poll often and bookings are rare. And each
/// token checked lately, with the calendar it was answered with.
///
/// A checked token is answered from memory while three things hold: no booking, change or
/// revocation was committed by this server since (the `FeedChangeObserver` generation), less than
/// `recheckAfter` went by on a monotonic clock (changes made by another process on the same
/// database file, an import or `permanence rpc`, show within that time), and the service's clock
/// moved less than a minute (the feed's window follows it).
final class FeedCache: Sendable {
    struct Entry: Sendable {
        let stamp: String
        let body: [UInt8]
        let etag: String
        let lastModified: Date
        /// `lastModified` as an HTTP date, written once.
        let lastModifiedHeader: String

        init(stamp: String, body: [UInt8], etag: String, lastModified: Date) {
            self.stamp = stamp
            self.body = body
            self.etag = etag
            self.lastModified = lastModified
            lastModifiedHeader = HTTPDate.format(lastModified)
        }
    }

    private struct Checked: Sendable {
        let feed: CalendarFeed
        let entry: Entry
        let generation: UInt64
        let at: ContinuousClock.Instant
        let serviceTime: Date
    }

    private struct State: Sendable {
        var calendars: [String: Entry] = [:]
        var tokens: [String: Checked] = [:]
    }

    /// How long a checked token is answered without reading the database again, by default.
    static let recheckAfter = Duration.seconds(1)
    /// Checked tokens held at most (one per subscribed calendar); past that all are checked again.
    static let maximumTokens = 10_000

    private let state = Mutex(State())
    private let recheckAfter: Duration

    init(recheckAfter: Duration = FeedCache.recheckAfter) { self.recheckAfter = recheckAfter }

    func entry(_ practitionerId: String, stamp: String) -> Entry? {
        state.withLock { $0.calendars[practitionerId] }.flatMap { $0.stamp == stamp ? $0 : nil }
    }

    func store(_ practitionerId: String, _ entry: Entry) { state.withLock { $0.calendars[practitionerId] = entry } }

    /// The feed and calendar of a token checked under `generation`, if that check still holds.
    func checked(_ tokenHash: String, generation: UInt64, now: Date) -> (CalendarFeed, Entry)? {
        let clock = ContinuousClock.now
        return state.withLock { s -> (CalendarFeed, Entry)? in
            guard let c = s.tokens[tokenHash], c.generation == generation, clock - c.at < recheckAfter,
                abs(now.timeIntervalSince(c.serviceTime)) < 60
            else { return nil }
            return (c.feed, c.entry)
        }
    }

    /// Keeps what a token was just checked to be, under the generation read before the check.
    func remember(_ tokenHash: String, feed: CalendarFeed, entry: Entry, generation: UInt64, now: Date) {
        let checked = Checked(feed: feed, entry: entry, generation: generation, at: .now, serviceTime: now)
        state.withLock { s in
            if s.tokens.count >= Self.maximumTokens && s.tokens[tokenHash] == nil { s.tokens = [:] }
            s.tokens[tokenHash] = checked
        }
    }
}

/// HTTP dates (RFC 9110 §5.6.7, IMF-fixdate): `Sun, 06 Nov 1994 08:49:37 GMT`, written and read
/// by hand (a formatter per request would cost more than the rest of a 304).
enum HTTPDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"] // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - days * 86_400
        let (y, m, d) = RFC3339.civilFromDays(days)
        func pad(_ v: Int, _ w: Int = 2) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        let weekday = weekdays[((days % 7) + 7) % 7]
        return "\(weekday), \(pad(d)) \(months[m - 1]) \(pad(y, 4)) \(pad(rest / 3600)):\(pad(rest % 3600 / 60)):\(pad(rest % 60)) GMT"
    }

    /// The instant of an IMF-fixdate; nil for anything else.
    static func parse(_ text: String) -> Date? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let d = Int(parts[1]), let m = months.firstIndex(of: String(parts[2])),
            let y = Int(parts[3])
        else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3, (1...31).contains(d), (0...23).contains(time[0]), (0...59).contains(time[1]), (0...60).contains(time[2]) else { return nil }
        let days = RFC3339.daysFromCivil(year: y, month: m + 1, day: d)
        return Date(timeIntervalSince1970: Double(days * 86_400 + time[0] * 3600 + time[1] * 60 + time[2]))
    }
}
