import Foundation
import GRDB
import Kernel

/// Reads call records from CSV (RFC 4180: comma separated, `"` quoting, `""` for a quote,
/// quoted fields may hold commas and line breaks; a trailing `\r` is tolerated).
///
/// The first line is a header naming the columns, in any order:
///
/// | column | required | content |
/// | --- | --- | --- |
/// | `call_id` | yes | the call's id |
/// | `queue` | no | queue or service name (default empty) |
/// | `channel` | no | `phone`, `sms`, `mail`, `web`, … |
/// | `offered_at` | yes | RFC 3339 instant the call was offered |
/// | `answered_at` | no | RFC 3339 instant an agent answered, empty if not |
/// | `ended_at` | no | RFC 3339 instant the call ended |
/// | `abandoned_at` | no | RFC 3339 instant the caller hung up while waiting, empty if not |
/// | `agent` | no | who answered |
/// | `motive` | no | reason for calling |
/// | `caller` | no | the caller's number, any French or international form (`caller_id` is read too); empty or withheld: none |
///
/// Derived: outcome ``CallOutcome/answered`` when `answered_at` is set, ``CallOutcome/abandoned``
/// when `abandoned_at` is set, otherwise ``CallOutcome/unanswered``; wait = (answered_at, else
/// abandoned_at, else ended_at) − offered_at; talk = ended_at − answered_at. A row with both
/// `answered_at` and `abandoned_at`, an instant before `offered_at`, or an unreadable instant
/// is reported as malformed with its line number.
package enum CallRecordCSV {
    /// What a parse produced.
    package struct Result: Sendable, Hashable {
        package var records: [CallRecord]
        package var malformedLines: [MalformedLine]
    }

    /// The documented columns, in their usual order.
    package static let columns = ["call_id", "queue", "channel", "offered_at", "answered_at", "ended_at", "abandoned_at", "agent", "motive", "caller"]

    /// The columns a header must name.
    package static let requiredColumns = ["call_id", "offered_at"]

    /// The reason given for line 1 when it is not a header naming `requiredColumns`: the content
    /// is not a call export at all.
    package static let headerProblem = "header must name call_id and offered_at"

    package static func parse(_ text: String) -> Result {
        let rows = splitRecords(text)
        var malformed: [MalformedLine] = []
        guard let header = rows.first else { return Result(records: [], malformedLines: []) }
        var index: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() { index[name.trimmingCharacters(in: .whitespaces).lowercased()] = i }
        guard index["call_id"] != nil, index["offered_at"] != nil else {
            return Result(records: [], malformedLines: [MalformedLine(lineNumber: header.line, reason: headerProblem, text: header.text)])
        }
        var records: [CallRecord] = []
        for row in rows.dropFirst() {
            if row.fields.count == 1 && row.fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            func value(_ column: String) -> String? {
                guard let i = index[column], i < row.fields.count else { return nil }
                let v = row.fields[i].trimmingCharacters(in: .whitespaces)
                return v.isEmpty ? nil : v
            }
            func bad(_ reason: String) { malformed.append(MalformedLine(lineNumber: row.line, reason: reason, text: row.text)) }
            guard row.fields.count == header.fields.count else {
                bad("expected \(header.fields.count) fields, found \(row.fields.count)")
                continue
            }
            guard let callId = value("call_id") else {
                bad("call_id is empty")
                continue
            }
            var instants: [String: Date] = [:]
            var unreadable: String?
            for column in ["offered_at", "answered_at", "ended_at", "abandoned_at"] {
                guard let v = value(column) else { continue }
                if let d = RFC3339.parse(v) {
                    instants[column] = d
                } else {
                    unreadable = column
                    break
                }
            }
            if let column = unreadable {
                bad("\(column) is not an RFC 3339 instant")
                continue
            }
            guard let offered = instants["offered_at"] else {
                bad("offered_at is empty")
                continue
            }
            let answered = instants["answered_at"]
            let ended = instants["ended_at"]
            let abandoned = instants["abandoned_at"]
            if answered != nil && abandoned != nil {
                bad("answered_at and abandoned_at are both set")
                continue
            }
            if [answered, ended, abandoned].contains(where: { ($0 ?? offered) < offered }) {
                bad("an instant precedes offered_at")
                continue
            }
            if let a = answered, let e = ended, e < a {
                bad("ended_at precedes answered_at")
                continue
            }
            let waitEnd = answered ?? abandoned ?? ended ?? offered
            records.append(
                CallRecord(
                    callId: callId, queue: value("queue") ?? "", channel: value("channel"), motive: value("motive"),
                    offeredAt: offered, answeredAt: answered, endedAt: ended ?? abandoned, abandonedAt: abandoned,
                    waitSeconds: waitEnd.timeIntervalSince(offered),
                    talkSeconds: answered.flatMap { a in ended.map { $0.timeIntervalSince(a) } },
                    agent: value("agent"),
                    outcome: answered != nil ? .answered : abandoned != nil ? .abandoned : .unanswered,
                    caller: CallRecord.callerNumber(value("caller") ?? value("caller_id"))))
        }
        return Result(records: records, malformedLines: malformed)
    }

    private struct Row {
        var fields: [String]
        var line: Int
        var text: String
    }

    /// Splits RFC 4180 text into records, remembering the line each starts on.
    private static func splitRecords(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var raw = ""
        var inQuotes = false
        var line = 1
        var startLine = 1
        var chars = Array(text)
        if chars.last != "\n" { chars.append("\n") }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" {
                        field.append("\"")
                        raw.append("\"\"")
                        i += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                raw.append(c)
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
                raw.append(c)
            } else if c == "," {
                fields.append(field)
                field = ""
                raw.append(c)
            } else if c == "\n" || c == "\r\n" {
                if field.hasSuffix("\r") { field.removeLast() }
                fields.append(field)
                if raw.hasSuffix("\r") { raw.removeLast() }
                rows.append(Row(fields: fields, line: startLine, text: raw))
                fields = []
                field = ""
                raw = ""
                line += 1
                startLine = line
            } else {
                field.append(c)
                raw.append(c)
            }
            i += 1
        }
        return rows
    }
}
