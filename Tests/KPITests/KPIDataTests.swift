import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import KPI

/// A queue_log written by hand from the Asterisk documentation (app_queue's queue_log events):
/// `epoch|callid|queue|agent|event|data1|data2|data3|data4|data5`. 2026-03-03 (a Tuesday), 08:00 UTC = 1772524800.
let documentedQueueLog = """
    1772524800|NONE|cabinet|NONE|QUEUESTART|
    1772524800|q1|cabinet|NONE|ENTERQUEUE||0612000001|1
    1772524806|q1|cabinet|SIP/sec1|CONNECT|6|q1.1|2
    1772524986|q1|cabinet|SIP/sec1|COMPLETECALLER|6|180|1
    1772524900|q2|cabinet|NONE|ENTERQUEUE||0612000002|1
    1772524930|q2|cabinet|SIP/sec2|CONNECT|30|q2.1|3
    1772525170|q2|cabinet|SIP/sec2|COMPLETEAGENT|30|240|1
    1772525000|q3|cabinet|NONE|ENTERQUEUE||0612000003|1
    1772525003|q3|cabinet|NONE|ABANDON|1|1|3
    1772525100|q4|cabinet|NONE|ENTERQUEUE||0612000004|1
    1772525150|q4|cabinet|NONE|ABANDON|1|1|50
    1772525200|q5|cabinet|NONE|ENTERQUEUE||0612000005|1
    1772525215|q5|cabinet|SIP/sec1|CONNECT|15|q5.1|1
    1772525275|q5|cabinet|SIP/sec1|BLINDTRANSFER|201|medecins|15|60|1
    1772525300|q6|cabinet|NONE|ENTERQUEUE||0612000006|1
    1772525420|q6|cabinet|NONE|EXITWITHTIMEOUT|1|1|120
    broken line without fields
    1772525400|q7|cabinet|NONE|ENTERQUEUE||0612000007|1
    1772525420|q7|cabinet|SIP/sec2|CONNECT|20|q7.1|4
    1772525720|q7|cabinet|SIP/sec2|COMPLETEAGENT|20|300|1
    1772525500|q8|cabinet|NONE|ENTERQUEUE||0612000008|1
    1772525521|q8|cabinet|SIP/sec1|CONNECT|21|q8.1|2
    1772525611|q8|cabinet|SIP/sec1|COMPLETECALLER|21|90|1
    """

@Suite struct KPIImportTests {
    /// QS, ASA, abandonment and DMC computed from the raw lines in a few lines of code that share nothing with the parser.
    struct Independent {
        var offered = 0, answered = 0, abandoned = 0, within20 = 0, waitSum = 0.0, talk: [Double] = []
        init(_ log: String) {
            for line in log.split(separator: "\n") {
                let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                guard f.count >= 5 else { continue }
                switch f[4] {
                case "CONNECT":
                    answered += 1
                    offered += 1
                    let w = Double(f[5])!
                    waitSum += w
                    if w <= 20 { within20 += 1 }
                case "COMPLETECALLER", "COMPLETEAGENT": talk.append(Double(f[6])!)
                case "BLINDTRANSFER", "TRANSFER": talk.append(Double(f[8])!)
                case "ABANDON":
                    abandoned += 1
                    offered += 1
                case "EXITWITHTIMEOUT", "EXITEMPTY": offered += 1
                default: break
                }
            }
        }
    }

    @Test func handWrittenQueueLogImportsAndItsFiguresMatch() async throws {
        let h = try await KPIHarness(now: RFC3339.parse("2026-03-04T08:00:00Z")!)
        let r = try await h.ok("kpi.import", ["format": "queue-log", "content": .string(documentedQueueLog)])
        #expect(r["imported"]?.intValue == 8)
        #expect(r["duplicates"]?.intValue == 0)
        #expect(r["malformedCount"]?.intValue == 1)
        #expect(r["malformed"]?.arrayValue?.first?["lineNumber"]?.intValue == 17)
        let again = try await h.ok("kpi.import", ["format": "queue-log", "content": .string(documentedQueueLog)])
        #expect(again["imported"]?.intValue == 0 && again["duplicates"]?.intValue == 8)

        let x = Independent(documentedQueueLog)
        #expect(x.offered == 8 && x.answered == 5 && x.abandoned == 2)
        let period: JSONValue = ["from": "2026-03-03T00:00:00+01:00", "to": "2026-03-04T00:00:00+01:00"]
        let s = try await h.ok("kpi.summary", period)
        #expect(s["offered"]?.intValue == x.offered)
        #expect(s["answered"]?.intValue == x.answered)
        #expect(s["abandoned"]?.intValue == x.abandoned)
        #expect(s["shortAbandons"]?.intValue == 1)
        let asa = x.waitSum / Double(x.answered)
        #expect(abs((s["averageSpeedOfAnswerSeconds"]?.doubleValue ?? 0) - asa) < 1e-9)
        #expect(abs((s["abandonmentRate"]?.doubleValue ?? 0) - Double(x.abandoned) / Double(x.offered)) < 1e-12)
        let dmc = x.talk.reduce(0, +) / Double(x.talk.count)
        #expect(abs((s["talkTime"]?["mean"]?.doubleValue ?? 0) - dmc) < 1e-9)
        #expect(s["talkTime"]?["median"]?.doubleValue == 180)
        let qs = Double(x.within20) / Double(x.offered)
        #expect(abs((s["serviceLevel"]?.doubleValue ?? 0) - qs) < 1e-12)
        let over = try await h.ok(
            "kpi.serviceLevel",
            [
                "from": "2026-03-03T00:00:00+01:00", "to": "2026-03-04T00:00:00+01:00",
                "threshold": 20, "variant": "answeredWithinOverAnswered"
            ])
        #expect(over["serviceLevel"]?.doubleValue == Double(x.within20) / Double(x.answered))
        #expect(over["denominator"]?.intValue == x.answered)
    }

    @Test func csvImportReportsMalformedRowsAndSkipsDuplicates() async throws {
        let h = try await KPIHarness()
        let csv = """
            call_id,queue,channel,motive,offered_at,answered_at,ended_at,abandoned_at,agent
            a1,centre,phone,appointment,2026-03-02T09:00:00+01:00,2026-03-02T09:00:10+01:00,2026-03-02T09:03:10+01:00,,sec1
            a2,centre,phone,prescription,2026-03-02T09:05:00+01:00,,,2026-03-02T09:05:40+01:00,
            a3,centre,phone,appointment,not-a-date,,,,
            """
        let r = try await h.ok("kpi.import", ["format": "csv", "content": .string(csv)])
        #expect(r["imported"]?.intValue == 2)
        #expect(r["malformed"]?.arrayValue?.first?["lineNumber"]?.intValue == 4)
        let again = try await h.ok("kpi.import", ["format": "csv", "content": .string(csv)])
        #expect(again["imported"]?.intValue == 0 && again["duplicates"]?.intValue == 2)
        let e = await h.error("kpi.import", ["format": "xlsx", "content": ""])
        #expect(e?.code.rawValue == -32602 && e?.data?["field"]?.stringValue == "format")
        // The queue is the site "centre": the site filter keeps these calls.
        let s = try await h.ok("kpi.summary", ["from": "2026-03-02T00:00:00+01:00", "to": "2026-03-03T00:00:00+01:00", "site": "centre"])
        #expect(s["offered"]?.intValue == 2)
        let bad = await h.error("kpi.summary", ["from": "2026-03-02T00:00:00+01:00", "to": "2026-03-03T00:00:00+01:00", "site": "nowhere"])
        #expect(bad?.data?["field"]?.stringValue == "site")
        let backwards = await h.error("kpi.summary", ["from": "2026-03-03T00:00:00+01:00", "to": "2026-03-02T00:00:00+01:00"])
        #expect(backwards?.code.rawValue == -32022 && backwards?.data?["field"]?.stringValue == "to")
    }
}

@Suite struct KPIJournalIndicatorTests {
    static func at(_ s: String) -> Date { RFC3339.parse(s)! }

    @Test func recontactsChannelMixAndContactRate() async throws {
        let h = try await KPIHarness()
        func e(
            _ channel: ContactEntry.Channel, _ patient: String?, _ subject: String?, _ t: String, motive: ContactEntry.Motive = .prescription,
            answered: Int? = nil, ended: Int? = nil, abandoned: Int? = nil
        ) -> ContactEntry {
            let o = Self.at(t)
            return ContactEntry(
                channel: channel, direction: .inbound, patientId: patient, caller: nil, motive: motive, subject: subject,
                offeredAt: o, answeredAt: answered.map { o.addingTimeInterval(Double($0)) },
                endedAt: ended.map { o.addingTimeInterval(Double($0)) },
                abandonedAt: abandoned.map { o.addingTimeInterval(Double($0)) }, source: "practice")
        }
        try await h.journal([
            e(.phone, "p1", "Renouvellement Lévothyrox", "2026-03-02T09:00:00+01:00", answered: 10, ended: 130),
            e(.sms, "p1", "renouvellement levothyrox", "2026-03-04T10:00:00+01:00"), // recontact, other channel
            e(.phone, "p1", "Renouvellement Lévothyrox", "2026-03-20T09:00:00+01:00", answered: 30, ended: 90), // > 7 days later: new
            e(.phone, "p2", nil, "2026-03-03T11:00:00+01:00", motive: .appointment, abandoned: 40),
            e(.phone, "p2", nil, "2026-03-03T11:05:00+01:00", motive: .appointment, answered: 5, ended: 245), // recontact, same channel
            e(.email, nil, "question", "2026-03-05T12:00:00+01:00", motive: .information)
        ])
        let s = try await h.ok("kpi.summary", ["from": "2026-03-01T00:00:00+01:00", "to": "2026-04-01T00:00:00+02:00"])
        #expect(s["contacts"]?.intValue == 6)
        #expect(s["offered"]?.intValue == 4 && s["answered"]?.intValue == 3 && s["abandoned"]?.intValue == 1)
        #expect(s["recontacts"]?.intValue == 2)
        #expect(s["crossChannelRecontacts"]?.intValue == 1)
        #expect(s["multiChannelPatients"]?.intValue == 1)
        #expect(s["recontactRate"]?.doubleValue == 2.0 / 5.0)
        #expect(abs((s["contactRate"]?.doubleValue ?? 0) - 6.0 / 6200.0) < 1e-15)
        #expect(s["channelMix"]?.arrayValue?.first?["channel"]?.stringValue == "phone")
        #expect(s["channelMix"]?.arrayValue?.first?["contacts"]?.intValue == 4)
        #expect(s["talkTimeByMotive"]?["appointment"]?["mean"]?.doubleValue == 240)
        #expect(s["talkTimeByMotive"]?["prescription"]?["mean"]?.doubleValue == 90)

        let days = try await h.ok("kpi.series", ["metric": "offered", "groupBy": "day", "from": "2026-03-02T00:00:00+01:00", "to": "2026-03-05T00:00:00+01:00"])
        #expect(days["points"]?.arrayValue?.map { $0["value"]?.doubleValue } == [1, 2, 0])
        #expect(days["points"]?.arrayValue?.first?["key"]?.stringValue == "2026-03-02")
        let weeks = try await h.ok(
            "kpi.series", ["metric": "recontacts", "groupBy": "week", "from": "2026-03-01T00:00:00+01:00", "to": "2026-03-23T00:00:00+01:00"])
        #expect(weeks["points"]?.arrayValue?.map { $0["key"]?.stringValue ?? "" } == ["2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16"])
        #expect(weeks["points"]?.arrayValue?.dropFirst(1).first?["value"]?.doubleValue == 2)
        let months = try await h.ok(
            "kpi.series", ["metric": "contacts", "groupBy": "month", "from": "2026-03-01T00:00:00+01:00", "to": "2026-05-01T00:00:00+02:00", "channel": "sms"])
        #expect(months["points"]?.arrayValue?.map { $0["value"]?.doubleValue } == [1, 0])
        let intervals = try await h.ok(
            "kpi.series", ["metric": "serviceLevel", "groupBy": "interval", "from": "2026-03-03T11:00:00+01:00", "to": "2026-03-03T12:00:00+01:00"])
        #expect(intervals["points"]?.arrayValue?.count == 2)
        #expect(intervals["points"]?.arrayValue?.dropFirst(0).first?["value"]?.doubleValue == 0.5)
        #expect(intervals["points"]?.arrayValue?.dropFirst(1).first?["value"]?.isNull == true)
        let bad = await h.error("kpi.series", ["metric": "happiness", "groupBy": "day", "from": "2026-03-01T00:00:00+01:00", "to": "2026-03-02T00:00:00+01:00"])
        #expect(bad?.data?["field"]?.stringValue == "metric")
    }
}
