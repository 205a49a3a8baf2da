package import Foundation
package import JSONRPC
package import Logging

/// The audit trail: who called which changing or sensitive method, when, and on what (ids and
/// field names: free text is never copied here, see `redacted(_:key:)`).
package struct AuditLog: Sendable {
    let store: Store
    /// The host's practice: `entries(method:before:limit:)` reads its trail.
    let practiceId: String
    /// The rows of sensitive reads, written behind their replies; `entries` waits for them.
    private let reads: WriteBehind<[(ticket: AuditTicket, at: Date)]>

    package struct Entry: Sendable, Codable, Equatable {
        /// The entry's place in the trail (increasing): `kernel.audit` pages on it.
        package let id: Int64
        package let at: Date
        package let actor: String
        package let role: String
        package let method: String
        package let params: String
    }

    package init(store: Store, practiceId: String, logger: Logger = Logger(label: "permanence")) {
        self.store = store
        self.practiceId = practiceId
        reads = WriteBehind(
            store: store, logger: logger, label: "read audit", empty: [], isEmpty: { $0.isEmpty }, gathering: Self.readGathering,
            write: { db, rows in for row in rows { try row.ticket.insert(at: row.at, in: db) } })
    }

    /// How long the row of a sensitive read waits for others to share its commit (`WriteBehind`).
    static let readGathering = Duration.milliseconds(10)

    /// Records a sensitive read without holding up its reply: the row commits within a commit or
    /// two. A change's row is never recorded this way (it commits with the change).
    func recordRead(_ ticket: AuditTicket, at: Date) { reads.add { $0.append((ticket, at)) } }

    /// Returns once every read recorded so far is written.
    func flushReads() async { await reads.flush() }

    /// The params as stored: ids and the names of the fields a call carried, never their free text
    /// (`redacted(_:)`), as compact JSON cut at 4 KiB.
    static func text(of params: JSONValue?) -> String {
        var text = params.map { JSONWriter.string(redacted($0)) } ?? "{}"
        if text.utf8.count > 4096 { text = String(text.utf8.prefix(4096)) ?? String(text.prefix(1024)) }
        return text
    }

    /// What replaces a free-text value in the audit trail.
    package static let redactionMark = "*"

    /// Members whose string values are kept: they name a kind, not a person.
    static let enumKeys: Set<String> = [
        "status", "urgency", "category", "channel", "direction", "motive", "kind",
        "relationship", "role", "action", "source", "topics", "audience", "method"
    ]

    /// `value` with every string replaced by `redactionMark`, except ids (members named `id`, `code`
    /// or ending in `Id`/`Ids`), enumerations (`enumKeys`) and dates, instants and times (other than
    /// a birth date). Numbers, booleans and the structure (so the names of the fields) are kept.
    package static func redacted(_ value: JSONValue, key: String = "") -> JSONValue {
        switch value {
        case .null, .bool, .number: return value
        case .array(let items): return .array(items.map { redacted($0, key: key) })
        case .object(let o):
            var out = JSONObject()
            out.reserveCapacity(o.count)
            for (k, v) in o { out[k] = redacted(v, key: k) }
            return .object(out)
        case .string(let s):
            return keepsText(key: key, s) ? value : .string(redactionMark)
        }
    }

    static func keepsText(key: String, _ s: String) -> Bool {
        if key == "id" || key == "code" || key.hasSuffix("Id") || key.hasSuffix("Ids") { return s.utf8.count <= 100 }
        if enumKeys.contains(key) { return s.utf8.count <= 40 && !s.contains(" ") }
        if key.lowercased().contains("birth") { return false }
        // Dates (2026-03-10), times (09:30) and instants (2026-03-10T09:30:00+01:00).
        let shape = s.utf8.allSatisfy { c in (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x3A || c == 0x54 || c == 0x2B || c == 0x5A || c == 0x2E }
        return shape && s.utf8.count >= 5 && s.utf8.count <= 35 && s.contains(where: { $0 == "-" || $0 == ":" })
    }

    /// Stored params text redacted again (rows written before redaction existed); `{}` when it is
    /// not JSON (it was cut at 4 KiB).
    static func redact(_ text: String) -> String {
        guard let value = try? JSONParser.parse(text) else { return "{}" }
        return Self.text(of: value)
    }

    /// Records an access made outside a JSON-RPC session (an HTTP fetch) to `practiceId`'s data:
    /// `method` names it (`http GET /calendars`), `params` what was reached; runs in the caller's transaction.
    package static func record(at: Date, actor: String, role: Role, method: String, params: JSONValue, practiceId: String, in db: any StoreConnection) throws {
        try KernelStore.insertAudit(
            at: at, session: 0, actor: actor, role: role, method: method, paramsText: text(of: params), practiceId: practiceId, in: db)
    }

    /// The practice's entries newest first, of one method if given, with ids below `before`; at most `limit`.
    package func entries(practiceId: String, method: String? = nil, before: Int64? = nil, limit: Int = 100) async throws -> [Entry] {
        await reads.flush()
        return try await store.read { db in try KernelStore.auditEntries(method: method, before: before, limit: limit, practiceId: practiceId, in: db) }
    }

    /// The host's practice's entries newest first, of one method if given, with ids below `before`; at most `limit`.
    package func entries(method: String? = nil, before: Int64? = nil, limit: Int = 100) async throws -> [Entry] {
        try await entries(practiceId: practiceId, method: method, before: before, limit: limit)
    }
}
