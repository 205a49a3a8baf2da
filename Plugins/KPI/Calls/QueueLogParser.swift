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
package struct QueueLogParser: Sendable {
    /// What a parse produced.
    package struct Result: Sendable, Hashable {
        /// One record per call and queue, in order of first appearance.
        package var records: [CallRecord]
        package var malformedLines: [MalformedLine]
        /// Well-formed lines that carry no call data (callid `NONE`, unused events).
        package var ignoredLineCount: Int
    }

    package init() {}

    package func parse(_ text: String) -> Result {
        var builders: [Builder] = []
        var open: [String: Int] = [:] // "callid|queue" → index of its latest builder
        var malformed: [MalformedLine] = []
        var ignored = 0

        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            func bad(_ reason: String) { malformed.append(MalformedLine(lineNumber: lineNumber, reason: reason, text: String(line))) }
            guard f.count >= 5 else {
                bad("expected at least 5 fields, found \(f.count)")
                continue
            }
            guard let epoch = Double(f[0]), epoch.isFinite, epoch >= 0 else {
                bad("epoch is not a number")
                continue
            }
            let callId = f[1]
            let queue = f[2]
            let agent = f[3]
            let event = f[4]
            guard !callId.isEmpty, !event.isEmpty else {
                bad("empty callid or event")
                continue
            }
            if callId == "NONE" {
                ignored += 1
                continue
            }
            guard !queue.isEmpty, queue != "NONE" else {
                ignored += 1
                continue
            }
            let data = Array(f.dropFirst(5))
            func seconds(_ i: Int) -> Double? { // data index, 1-based like Asterisk's data1…
                guard i - 1 < data.count, let v = Double(data[i - 1].trimmingCharacters(in: .whitespaces)),
                    v.isFinite, v >= 0
                else { return nil }
                return v
            }
            let at = Date(timeIntervalSince1970: epoch)
            let key = callId + "|" + queue
            let agentName: String? = (agent.isEmpty || agent == "NONE") ? nil : agent

            // Returns the builder for this call, opening one if needed.
            func builder(offeredAt: @autoclosure () -> Date) -> Int {
                if let i = open[key], !builders[i].closed { return i }
                builders.append(Builder(callId: callId, queue: queue, offeredAt: offeredAt()))
                open[key] = builders.count - 1
                return builders.count - 1
            }
            func closedCallEvent() -> Bool {
                if let i = open[key], builders[i].closed {
                    ignored += 1
                    return true
                }
                return false
            }

            switch event {
            case "ENTERQUEUE":
                var b = Builder(callId: callId, queue: queue, offeredAt: at)
                b.caller = CallRecord.callerNumber(data.count > 1 ? data[1] : nil)
                builders.append(b)
                open[key] = builders.count - 1
            case "CONNECT":
                guard let hold = seconds(1) else {
                    bad("CONNECT needs holdtime in data1")
                    continue
                }
                if closedCallEvent() { continue }
                let i = builder(offeredAt: at.addingTimeInterval(-hold))
                builders[i].answeredAt = at
                builders[i].wait = hold
                builders[i].agent = agentName ?? builders[i].agent
                builders[i].outcome = .answered
            case "COMPLETEAGENT", "COMPLETECALLER", "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER":
                let (hi, ci): (Int, Int)
                switch event {
                case "COMPLETEAGENT", "COMPLETECALLER": (hi, ci) = (1, 2)
                case "ATTENDEDTRANSFER": (hi, ci) = data.first == "LINK" ? (4, 5) : (3, 4)
                default: (hi, ci) = (3, 4)
                }
                guard let hold = seconds(hi), let talk = seconds(ci) else {
                    bad("\(event) needs holdtime in data\(hi) and calltime in data\(ci)")
                    continue
                }
                if closedCallEvent() { continue }
                let i = builder(offeredAt: at.addingTimeInterval(-talk - hold))
                if builders[i].answeredAt == nil { builders[i].answeredAt = at.addingTimeInterval(-talk) }
                if builders[i].wait == nil { builders[i].wait = hold }
                builders[i].talk = talk
                builders[i].endedAt = at
                builders[i].agent = agentName ?? builders[i].agent
                builders[i].outcome =
                    switch event {
                    case "COMPLETEAGENT": .completedByAgent
                    case "COMPLETECALLER": .completedByCaller
                    default: .transferred
                    }
                builders[i].closed = true
            case "ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY":
                let wi = event == "EXITWITHKEY" ? 4 : 3
                guard let wait = seconds(wi) else {
                    bad("\(event) needs waittime in data\(wi)")
                    continue
                }
                if closedCallEvent() { continue }
                let i = builder(offeredAt: at.addingTimeInterval(-wait))
                builders[i].wait = wait
                builders[i].endedAt = at
                builders[i].outcome =
                    switch event {
                    case "ABANDON": .abandoned
                    case "EXITWITHTIMEOUT": .timedOut
                    case "EXITEMPTY": .exitedEmpty
                    default: .exitedWithKey
                    }
                if event == "ABANDON" { builders[i].abandonedAt = at }
                builders[i].closed = true
            case "RINGNOANSWER":
                if closedCallEvent() { continue }
                let i = builder(offeredAt: at)
                builders[i].ringNoAnswer += 1
            default:
                ignored += 1
            }
        }
        return Result(records: builders.map { $0.record }, malformedLines: malformed, ignoredLineCount: ignored)
    }

    private struct Builder {
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
        var ringNoAnswer = 0
        var caller: String?
        var closed = false

        init(callId: String, queue: String, offeredAt: Date) {
            self.callId = callId
            self.queue = queue
            self.offeredAt = offeredAt
        }

        var record: CallRecord {
            CallRecord(
                callId: callId, queue: queue, channel: "phone", offeredAt: offeredAt, answeredAt: answeredAt,
                endedAt: endedAt, abandonedAt: abandonedAt,
                waitSeconds: wait ?? (answeredAt ?? endedAt).map { $0.timeIntervalSince(offeredAt) } ?? 0,
                talkSeconds: talk, agent: agent, outcome: outcome, ringNoAnswerCount: ringNoAnswer, caller: caller)
        }
    }
}
