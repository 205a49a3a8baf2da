import Foundation
import JSONRPC
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
/// | `practice` | no | the practice the call was for (its `practice.id`), when one file holds the calls of several |
///
/// Derived: outcome ``CallOutcome/answered`` when `answered_at` is set, ``CallOutcome/abandoned``
/// when `abandoned_at` is set, otherwise ``CallOutcome/unanswered``; wait = (answered_at, else
/// abandoned_at, else ended_at) − offered_at; talk = ended_at − answered_at. A row with both
/// `answered_at` and `abandoned_at`, an instant before `offered_at`, or an unreadable instant
/// is reported as malformed with its line number.
///
/// It reads a line at a time (`read(_:number:emit:)`, then `finish(emit:)`), carrying a quoted
/// field over line breaks, so that a file of millions of rows is imported row by row.
package struct CallRecordCSV: Sendable {
    /// What a parse produced.
    package struct Result: Sendable, Hashable {
        package var records: [CallRecord]
        package var malformedLines: [MalformedLine]
    }

    /// The documented columns, in their usual order.
    package static let columns = [
        "call_id", "queue", "channel", "offered_at", "answered_at", "ended_at", "abandoned_at", "agent", "motive", "caller", "practice"
    ]

    /// The columns a header must name.
    package static let requiredColumns = ["call_id", "offered_at"]

    /// The reason given for line 1 when it is not a header naming `requiredColumns`: the content
    /// is not a call export at all.
    package static let headerProblem = "header must name call_id and offered_at"

    /// Column name → position, once the header is read.
    private var index: [String: Int]?
    private var headerCount = 0
    /// The header did not name the required columns: nothing more is read.
    package private(set) var rejected = false
    /// The row being read: a quoted field may go on over several lines.
    private var fields: [String] = []
    private var field: [UInt8] = []
    private var raw: [Substring] = []
    private var inQuotes = false
    private var startLine = 0
    /// Malformed lines kept (at most `malformedLimit`); `malformedCount` counts them all.
    package private(set) var malformed: [MalformedLine] = []
    package private(set) var malformedCount = 0
    private let malformedLimit: Int

    package init(malformedLimit: Int = .max) { self.malformedLimit = malformedLimit }

    /// The whole of `text` at once.
    package static func parse(_ text: String) -> Result {
        var reader = CallRecordCSV()
        var records: [CallRecord] = []
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            reader.read(line, number: lineNumber) { records.append($0) }
        }
        reader.finish { records.append($0) }
        return Result(records: records, malformedLines: reader.malformed)
    }

    /// Reads one line (without its `\n`); the record of the row it ends goes to `emit`.
    package mutating func read(_ line: Substring, number: Int, emit: (CallRecord) -> Void) {
        readRouted(line, number: number, emit: { record, _, _ in emit(record) })
    }

    /// Reads one line (without its `\n`); the record of the row it ends goes to `emit` with the
    /// practice its `practice` column names (nil when the column is absent or empty) and the
    /// row's first line number.
    package mutating func readRouted(_ line: Substring, number: Int, emit: (CallRecord, _ practice: String?, _ lineNumber: Int) -> Void) {
        guard !rejected else { return }
        if !inQuotes {
            startLine = number
            raw = []
        }
        raw.append(line)
        var bytes = line.utf8[...]
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            if inQuotes {
                if c == UInt8(ascii: "\"") {
                    let next = bytes.index(after: i)
                    if next < bytes.endIndex && bytes[next] == UInt8(ascii: "\"") {
                        field.append(c)
                        i = bytes.index(after: next)
                        continue
                    }
                    inQuotes = false
                } else {
                    field.append(c)
                }
            } else if c == UInt8(ascii: "\"") && field.isEmpty {
                inQuotes = true
            } else if c == UInt8(ascii: ",") {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else {
                field.append(c)
            }
            i = bytes.index(after: i)
        }
        if inQuotes {
            // The quoted field goes on: the line break is part of it.
            if line.utf8.last == UInt8(ascii: "\r") { field.append(UInt8(ascii: "\r")) }
            field.append(UInt8(ascii: "\n"))
            return
        }
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        let row = fields
        fields = []
        if let (record, practice) = self.record(row) { emit(record, practice, startLine) }
    }

    /// Ends the input: a row left open by an unclosed quote is read as it stands.
    package mutating func finish(emit: (CallRecord) -> Void) {
        finishRouted(emit: { record, _, _ in emit(record) })
    }

    /// Ends the input as `finish(emit:)` does, giving the row's practice and line number as `readRouted` does.
    package mutating func finishRouted(emit: (CallRecord, _ practice: String?, _ lineNumber: Int) -> Void) {
        guard inQuotes, !rejected else { return }
        inQuotes = false
        fields.append(String(decoding: field, as: UTF8.self))
        field = []
        let row = fields
        fields = []
        if let (record, practice) = self.record(row) { emit(record, practice, startLine) }
    }

    private var rowText: String {
        raw.map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }.joined(separator: "\n")
    }

    private mutating func bad(_ reason: String) {
        malformedCount += 1
        if malformed.count < malformedLimit { malformed.append(MalformedLine(lineNumber: startLine, reason: reason, text: rowText)) }
    }

    /// The header (the first row), or a data row's record and the practice it names; nil for the
    /// header, a blank line or a malformed row (reported).
    private mutating func record(_ row: [String]) -> (CallRecord, String?)? {
        guard let index else {
            var columns: [String: Int] = [:]
            for (i, name) in row.enumerated() { columns[name.trimmingCharacters(in: .whitespaces).lowercased()] = i }
            guard columns["call_id"] != nil, columns["offered_at"] != nil else {
                bad(Self.headerProblem)
                rejected = true
                return nil
            }
            index = columns
            headerCount = row.count
            return nil
        }
        if row.count == 1 && row[0].trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        func value(_ column: String) -> String? {
            guard let i = index[column], i < row.count else { return nil }
            let v = row[i].trimmingCharacters(in: .whitespaces)
            return v.isEmpty ? nil : v
        }
        guard row.count == headerCount else {
            bad("expected \(headerCount) fields, found \(row.count)")
            return nil
        }
        guard let callId = value("call_id") else {
            bad("call_id is empty")
            return nil
        }
        var instants: [String: Date] = [:]
        for column in ["offered_at", "answered_at", "ended_at", "abandoned_at"] {
            guard let v = value(column) else { continue }
            guard let d = RFC3339.parse(v) else {
                bad("\(column) is not an RFC 3339 instant")
                return nil
            }
            instants[column] = d
        }
        guard let offered = instants["offered_at"] else {
            bad("offered_at is empty")
            return nil
        }
        let answered = instants["answered_at"]
        let ended = instants["ended_at"]
        let abandoned = instants["abandoned_at"]
        if answered != nil && abandoned != nil {
            bad("answered_at and abandoned_at are both set")
            return nil
        }
        if [answered, ended, abandoned].contains(where: { ($0 ?? offered) < offered }) {
            bad("an instant precedes offered_at")
            return nil
        }
        if let a = answered, let e = ended, e < a {
            bad("ended_at precedes answered_at")
            return nil
        }
        let waitEnd = answered ?? abandoned ?? ended ?? offered
        let record = CallRecord(
            callId: callId, queue: value("queue") ?? "", channel: value("channel"), motive: value("motive"),
            offeredAt: offered, answeredAt: answered, endedAt: ended ?? abandoned, abandonedAt: abandoned,
            waitSeconds: waitEnd.timeIntervalSince(offered),
            talkSeconds: answered.flatMap { a in ended.map { $0.timeIntervalSince(a) } },
            agent: value("agent"),
            outcome: answered != nil ? .answered : abandoned != nil ? .abandoned : .unanswered,
            caller: CallRecord.callerNumber(value("caller") ?? value("caller_id")))
        return (record, value("practice"))
    }
}
