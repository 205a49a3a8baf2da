import Foundation
import JSONRPC
import Logging
import Synchronization

/// The audit trail of events that carried patient data to client sessions.
///
/// A delivered `patients.updated` shows a secretary what `patients.get` would have, so it is
/// audited like that read. A console subscribed to busy topics receives many events, so rows are
/// summarised rather than written one per event: deliveries are tallied per session and topic,
/// and every tally is written as one `kernel_audit` row (method `events.delivered`, params
/// `{"topic", "count", "refs"}` where `refs` are the ids the payloads named: `id`, `patientId`,
/// `messageId`, `incidentId`, at most `maximumRefs` of them), behind the deliveries (`WriteBehind`).
final class EventDeliveryAudit: Sendable {
    /// A session an event was delivered to.
    struct Receiver: Sendable {
        let session: UInt64
        let actor: String
        let role: Role
    }

    private struct Key: Hashable, Sendable {
        let session: UInt64
        let actor: String
        let role: Role
        let topic: String
    }

    private struct Tally {
        var count = 0
        var refs: [String] = []
    }

    /// Tallies not yet written, in the order their keys first came.
    private struct Tallies: Sendable {
        var byKey: [Key: Tally] = [:]
        var order: [Key] = []
    }

    /// Payload members whose values identify what an event is about.
    static let referenceKeys = ["id", "patientId", "messageId", "incidentId"]
    static let maximumRefs = 50

    private let rows: WriteBehind<Tallies>

    /// Rows go to the trail of `practiceId` (the host's practice).
    init(store: Store, clock: any WallClock, practiceId: String, logger: Logger) {
        rows = WriteBehind(
            store: store, logger: logger, label: "audit of event deliveries", empty: Tallies(),
            isEmpty: { $0.order.isEmpty },
            write: { db, tallies in
                let at = clock.now()
                for key in tallies.order {
                    let tally = tallies.byKey[key]!
                    var params = JSONObject()
                    params["topic"] = .string(key.topic)
                    params["count"] = .int(tally.count)
                    params["refs"] = .array(tally.refs.map(JSONValue.string))
                    try KernelStore.insertAudit(
                        at: at, session: key.session, actor: key.actor, role: key.role, method: "events.delivered",
                        paramsText: JSONWriter.string(.object(params)), practiceId: practiceId, in: db)
                }
            })
    }

    /// Tallies one event (`params`: its encoded payload) delivered to `receivers`.
    func record(topic: String, params: [UInt8], receivers: [Receiver]) {
        let refs = Self.references(in: params)
        rows.add { t in
            for r in receivers {
                let key = Key(session: r.session, actor: r.actor, role: r.role, topic: topic)
                if t.byKey[key] == nil { t.order.append(key) }
                var tally = t.byKey[key] ?? Tally()
                tally.count += 1
                for ref in refs where tally.refs.count < Self.maximumRefs && !tally.refs.contains(ref) { tally.refs.append(ref) }
                t.byKey[key] = tally
            }
        }
    }

    /// Returns once every delivery tallied before the call is committed.
    func flush() async { await rows.flush() }

    /// The ids an event's payload names at its top level.
    static func references(in params: [UInt8]) -> [String] {
        guard case .object(let o)? = try? JSONParser.parse(params) else { return [] }
        return referenceKeys.compactMap { o[$0]?.stringValue }
    }
}
