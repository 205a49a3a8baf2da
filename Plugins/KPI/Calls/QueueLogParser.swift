import Foundation

/// Reads an Asterisk `queue_log` and rebuilds one ``CallRecord`` per call and queue.
///
/// Line format: `epoch|callid|queue|agent|event|data1|data2|data3|data4|data5`. The events
/// used, with their data fields as app_queue writes them:
///
/// | event | data |
/// | --- | --- |
/// | `ENTERQUEUE` | url, callerid, position — the call is offered (callerid: the caller's number, when it reads as one) |
/// | `CONNECT` | holdtime s, bridged uniqueid, ringtime s — answered |
/// | `COMPLETEAGENT` / `COMPLETECALLER` | holdtime s, calltime s, original position |
/// | `TRANSFER`, `BLINDTRANSFER` | extension, context, holdtime s, calltime s, original position |
/// | `ATTENDEDTRANSFER` | method (`BRIDGE`/`APP`: 1 field, `LINK`: 2 fields), holdtime s, calltime s |
/// | `ABANDON` | position, original position, waittime s — the caller hung up |
/// | `EXITWITHTIMEOUT` / `EXITEMPTY` | position, original position, waittime s |
/// | `EXITWITHKEY` | key, position, original position, waittime s |
/// | `RINGNOANSWER` | ringtime ms — counted on the call |
///
/// Lines whose callid is `NONE` (`QUEUESTART`, `CONFIGRELOAD`, member and pause events) and
/// other events of a call (`DID`, `INFO`, …) are ignored and counted. Lines that cannot be
/// read (too few fields, a non-numeric epoch, a missing or non-numeric duration an event
/// needs) are reported with their line number; the rest of the file is still parsed.
///
/// A call seen without its `ENTERQUEUE` (the file starts mid-call) gets `offeredAt` derived
/// from its closing event: epoch − waittime, or epoch − calltime − holdtime. A call with no
/// closing event yet has outcome ``CallOutcome/waiting`` (or ``CallOutcome/answered`` after `CONNECT`).
///
/// It reads a line at a time (`read(_:number:emit:)`, then `finish(emit:)`), so that a file of
/// millions of calls is imported with the memory of the calls still open: a call's record is
/// handed over when its closing event is read. A closed call's key is remembered for an hour of
/// log time, so that a late event of that call (after its `COMPLETE…`) is ignored as before.
package struct QueueLogParser: Sendable {
    /// What a parse produced.
    package struct Result: Sendable, Hashable {
        /// One record per call and queue, in order of first appearance.
        package var records: [CallRecord]
        package var malformedLines: [MalformedLine]
        /// Well-formed lines that carry no call data (callid `NONE`, unused events).
        package var ignoredLineCount: Int
    }

    /// How long (in log time) a closed call's key is remembered.
    static let closedMemorySeconds = 3600.0

    /// Calls not closed yet, by `callid|queue`.
    private var open: [String: Builder] = [:]
    /// Closed calls' keys with the epoch they closed at, kept `closedMemorySeconds`.
    private var closedAt: [String: Double] = [:]
    private var sequence = 0
    private var latestEpoch = 0.0
    private var linesSincePrune = 0
    /// Malformed lines kept (at most `malformedLimit`); `malformedCount` counts them all.
    package private(set) var malformed: [MalformedLine] = []
    package private(set) var malformedCount = 0
    package private(set) var ignoredLineCount = 0
    private let malformedLimit: Int

    package init(malformedLimit: Int = .max) { self.malformedLimit = malformedLimit }

    /// The whole of `text` at once: every record, in order of first appearance.
    package static func parse(_ text: String) -> Result {
        var parser = QueueLogParser()
        var records: [(Int, CallRecord)] = []
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            parser.read(line, number: lineNumber) { records.append(($0, $1)) }
        }
        parser.finish { records.append(($0, $1)) }
        records.sort { $0.0 < $1.0 }
        return Result(records: records.map(\.1), malformedLines: parser.malformed, ignoredLineCount: parser.ignoredLineCount)
    }

    /// Reads one line (without its `\n`); the records of the calls it closes go to `emit`,
    /// with their order of first appearance.
    package mutating func read(_ rawLine: Substring, number lineNumber: Int, emit: (Int, CallRecord) -> Void) {
        var line = rawLine
        if line.utf8.last == UInt8(ascii: "\r") { line = line.dropLast() }
        if line.utf8.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return }
        // Fields split on the byte `|` (ASCII, so every cut is on a character boundary).
        var f: [Substring] = []
        f.reserveCapacity(10)
        var fieldStart = line.startIndex
        var i = line.utf8.startIndex
        while i < line.utf8.endIndex {
            if line.utf8[i] == UInt8(ascii: "|") {
                f.append(line[fieldStart..<i])
                fieldStart = line.utf8.index(after: i)
            }
            i = line.utf8.index(after: i)
        }
        f.append(line[fieldStart...])
        guard f.count >= 5 else { return bad("expected at least 5 fields, found \(f.count)", lineNumber, line) }
        guard let epoch = Double(f[0]), epoch.isFinite, epoch >= 0 else { return bad("epoch is not a number", lineNumber, line) }
        let callId = String(f[1])
        let queue = String(f[2])
        let agent = f[3]
        let event = f[4]
        guard !callId.isEmpty, !event.isEmpty else { return bad("empty callid or event", lineNumber, line) }
        guard callId != "NONE", !queue.isEmpty, queue != "NONE" else {
            ignoredLineCount += 1
            return
        }
        let data = f.dropFirst(5)
        func seconds(_ i: Int) -> Double? { // data index, 1-based like Asterisk's data1…
            guard i - 1 < data.count else { return nil }
            let text = data[data.startIndex + i - 1]
            guard let v = Double(text) ?? Double(text.trimmingCharacters(in: .whitespaces)), v.isFinite, v >= 0 else { return nil }
            return v
        }
        latestEpoch = max(latestEpoch, epoch)
        prune()
        let at = Date(timeIntervalSince1970: epoch)
        let key = callId + "|" + queue
        let agentName: String? = (agent.isEmpty || agent == "NONE") ? nil : String(agent)
        let isClosed = open[key] == nil && closedAt[key] != nil

        switch event {
        case "ENTERQUEUE":
            // A new offer of the same call to the same queue: the earlier one can get no more events.
            if let earlier = open.removeValue(forKey: key) { emit(earlier.sequence, earlier.record) }
            closedAt[key] = nil
            var b = newBuilder(callId: callId, queue: queue, offeredAt: at)
            b.caller = CallRecord.callerNumber(data.count > 1 ? String(data[data.startIndex + 1]) : nil)
            open[key] = b
        case "CONNECT":
            guard let hold = seconds(1) else { return bad("CONNECT needs holdtime in data1", lineNumber, line) }
            if isClosed {
                ignoredLineCount += 1
                return
            }
            var b = open[key] ?? newBuilder(callId: callId, queue: queue, offeredAt: at.addingTimeInterval(-hold))
            b.answeredAt = at
            b.wait = hold
            b.agent = agentName ?? b.agent
            b.outcome = .answered
            open[key] = b
        case "COMPLETEAGENT", "COMPLETECALLER", "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER":
            let (hi, ci): (Int, Int)
            switch event {
            case "COMPLETEAGENT", "COMPLETECALLER": (hi, ci) = (1, 2)
            case "ATTENDEDTRANSFER": (hi, ci) = data.first == "LINK" ? (4, 5) : (3, 4)
            default: (hi, ci) = (3, 4)
            }
            guard let hold = seconds(hi), let talk = seconds(ci) else {
                return bad("\(event) needs holdtime in data\(hi) and calltime in data\(ci)", lineNumber, line)
            }
            if isClosed {
                ignoredLineCount += 1
                return
            }
            var b = open[key] ?? newBuilder(callId: callId, queue: queue, offeredAt: at.addingTimeInterval(-talk - hold))
            if b.answeredAt == nil { b.answeredAt = at.addingTimeInterval(-talk) }
            if b.wait == nil { b.wait = hold }
            b.talk = talk
            b.endedAt = at
            b.agent = agentName ?? b.agent
            b.outcome =
                switch event {
                case "COMPLETEAGENT": .completedByAgent
                case "COMPLETECALLER": .completedByCaller
                default: .transferred
                }
            close(b, key: key, epoch: epoch, emit: emit)
        case "ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY":
            let wi = event == "EXITWITHKEY" ? 4 : 3
            guard let wait = seconds(wi) else { return bad("\(event) needs waittime in data\(wi)", lineNumber, line) }
            if isClosed {
                ignoredLineCount += 1
                return
            }
            var b = open[key] ?? newBuilder(callId: callId, queue: queue, offeredAt: at.addingTimeInterval(-wait))
            b.wait = wait
            b.endedAt = at
            b.outcome =
                switch event {
                case "ABANDON": .abandoned
                case "EXITWITHTIMEOUT": .timedOut
                case "EXITEMPTY": .exitedEmpty
                default: .exitedWithKey
                }
            if event == "ABANDON" { b.abandonedAt = at }
            close(b, key: key, epoch: epoch, emit: emit)
        case "RINGNOANSWER":
            if isClosed {
                ignoredLineCount += 1
                return
            }
            var b = open[key] ?? newBuilder(callId: callId, queue: queue, offeredAt: at)
            b.ringNoAnswerCount += 1
            open[key] = b
        default:
            ignoredLineCount += 1
        }
    }

    /// Hands over the calls still open (waiting, or answered without their end yet).
    package mutating func finish(emit: (Int, CallRecord) -> Void) {
        for b in open.values.sorted(by: { $0.sequence < $1.sequence }) { emit(b.sequence, b.record) }
        open = [:]
        closedAt = [:]
    }

    private mutating func newBuilder(callId: String, queue: String, offeredAt: Date) -> Builder {
        sequence += 1
        return Builder(sequence: sequence, callId: callId, queue: queue, offeredAt: offeredAt)
    }

    private mutating func close(_ b: Builder, key: String, epoch: Double, emit: (Int, CallRecord) -> Void) {
        open[key] = nil
        closedAt[key] = epoch
        emit(b.sequence, b.record)
    }

    /// Forgets closed keys older than `closedMemorySeconds` of log time, every 65,536 lines.
    private mutating func prune() {
        linesSincePrune += 1
        guard linesSincePrune >= 65_536 else { return }
        linesSincePrune = 0
        let horizon = latestEpoch - Self.closedMemorySeconds
        closedAt = closedAt.filter { $0.value >= horizon }
    }

    private mutating func bad(_ reason: String, _ lineNumber: Int, _ line: Substring) {
        malformedCount += 1
        if malformed.count < malformedLimit { malformed.append(MalformedLine(lineNumber: lineNumber, reason: reason, text: String(line))) }
    }

    private struct Builder {
        let sequence: Int
        let callId: String
        let queue: String
        let offeredAt: Date
        var answeredAt: Date?
        var endedAt: Date?
        var abandonedAt: Date?
        var wait: Double?
        var talk: Double?
        var agent: String?
        var outcome: CallOutcome = .waiting
        var ringNoAnswerCount = 0
        var caller: String?

        init(sequence: Int, callId: String, queue: String, offeredAt: Date) {
            self.sequence = sequence
            self.callId = callId
            self.queue = queue
            self.offeredAt = offeredAt
        }

        var record: CallRecord {
            CallRecord(
                callId: callId, queue: queue, channel: "phone", offeredAt: offeredAt, answeredAt: answeredAt,
                endedAt: endedAt, abandonedAt: abandonedAt,
                waitSeconds: wait ?? (answeredAt ?? endedAt).map { $0.timeIntervalSince(offeredAt) } ?? 0,
                talkSeconds: talk, agent: agent, outcome: outcome, ringNoAnswerCount: ringNoAnswerCount, caller: caller)
        }
    }
}
