package import Foundation
import JSONRPC
import Kernel

/// An inbound SMS that no module handled (not an acknowledgement, not a reply to a message),
/// kept for a secretary to read and mark done (`notify.inbox`, `notify.inboxDone`).
package struct InboxItem: Sendable, Encodable, Equatable {
    package enum Status: String, Sendable, Codable, CaseIterable { case open, done }

    /// The row id (a string on the wire).
    package var id: String
    /// The sender in E.164.
    package var from: String
    package var text: String
    package var receivedAt: Date
    package var status: Status
    package var doneAt: Date?
    /// Who marked it done.
    package var doneBy: String?
    package var note: String?

    init(row: StoreRow) {
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
    package struct Notice: Sendable, Encodable, Equatable {
        package var id: String
        package var from: String
        package var receivedAt: Date
    }

    var notice: Notice { Notice(id: id, from: from, receivedAt: receivedAt) }

    static let schema = Schema.object([
        required("id", .string), required("from", .string, "sender, E.164"), required("text", .string), required("receivedAt", .instant),
        required("status", .oneOf(Status.allCases.map(\.rawValue))), optional("doneAt", .instant), optional("doneBy", .string),
        optional("note", .string)
    ])
}
