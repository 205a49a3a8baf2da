import Foundation
import GRDB
import Kernel

/// An inbound SMS that no module handled (not an acknowledgement, not a reply to a message),
/// kept for a secretary to read and mark done (`notify.inbox`, `notify.inboxDone`).
public struct InboxItem: Sendable, Encodable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable { case open, done }

    /// The row id (a string on the wire).
    public var id: String
    /// The sender in E.164.
    public var from: String
    public var text: String
    public var receivedAt: Date
    public var status: Status
    public var doneAt: Date?
    /// Who marked it done.
    public var doneBy: String?
    public var note: String?

    init(row: Row) {
        let rowID: Int64 = row["id"]
        id = String(rowID)
        from = row["sender"]
        text = row["text"]
        receivedAt = Date(timeIntervalSince1970: row["receivedAt"])
        status = Status(rawValue: row["status"]) ?? .open
        doneAt = (row["doneAt"] as Double?).map(Date.init(timeIntervalSince1970:))
        doneBy = row["doneBy"]
        note = row["note"]
    }

    /// The payload of `notify.inboxReceived`: which SMS to read, not its text (events reach every
    /// subscribed session whatever its role; `notify.inbox` is for secretaries).
    public struct Notice: Sendable, Encodable, Equatable {
        public var id: String
        public var from: String
        public var receivedAt: Date
    }

    var notice: Notice { Notice(id: id, from: from, receivedAt: receivedAt) }

    static let schema = Schema.object([
        required("id", .string), required("from", .string, "sender, E.164"), required("text", .string), required("receivedAt", .instant),
        required("status", .oneOf(Status.allCases.map(\.rawValue))), optional("doneAt", .instant), optional("doneBy", .string),
        optional("note", .string)
    ])
}
