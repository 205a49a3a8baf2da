import Foundation
import Practice
import Testing

@testable import KPI

/// A queue_log written by hand per the Asterisk queue_log documentation.
let handWrittenQueueLog = """
    1770000000|NONE|NONE|NONE|QUEUESTART|
    1770000001|NONE|cabinet|NONE|CONFIGRELOAD|
    1770000002|NONE|cabinet|Local/101@agents|ADDMEMBER|
    1770000010|c1|cabinet|NONE|ENTERQUEUE||0612345601|1
    1770000015|c1|cabinet|Local/101@agents|CONNECT|5|c1-b|3
    1770000135|c1|cabinet|Local/101@agents|COMPLETEAGENT|5|120|1
    1770000200|c2|cabinet|NONE|ENTERQUEUE||0612345602|1
    1770000212|c2|cabinet|Local/102@agents|CONNECT|12|c2-b|4
    1770000412|c2|cabinet|Local/102@agents|COMPLETECALLER|12|200|1
    1770000300|c3|cabinet|NONE|ENTERQUEUE||0612345603|1
    1770000320|c3|cabinet|Local/101@agents|CONNECT|20|c3-b|2
    1770000410|c3|cabinet|Local/101@agents|COMPLETEAGENT|20|90|1
    1770000500|c4|cabinet|NONE|ENTERQUEUE||0612345604|1
    1770000501|c6|cabinet|NONE|ENTERQUEUE||0612345606|2
    1770000504|c6|cabinet|NONE|ABANDON|1|2|3
    1770000535|c4|cabinet|Local/103@agents|CONNECT|35|c4-b|5
    1770000835|c4|cabinet|Local/103@agents|COMPLETECALLER|35|300|1
    1770000600|c5|cabinet|NONE|ENTERQUEUE||0612345605|1
    1770000660|c5|cabinet|Local/102@agents|CONNECT|60|c5-b|6
    1770000705|c5|cabinet|Local/102@agents|TRANSFER|201|medecins|60|45|1
    1770000700|c7|cabinet|NONE|ENTERQUEUE||0612345607|1
    1770000705|c7|cabinet|NONE|ABANDON|1|1|5
    1770000800|c8|cabinet|NONE|ENTERQUEUE||0612345608|1
    1770000815|c8|cabinet|NONE|ABANDON|1|1|15
    this line is garbage
    1770000900|c9|cabinet|NONE|ENTERQUEUE||0612345609|1
    1770000942|c9|cabinet|NONE|ABANDON|1|1|42
    1770001000|c10|cabinet|NONE|ENTERQUEUE||0612345610|1
    1770001120|c10|cabinet|NONE|EXITWITHTIMEOUT|1|1|120
    1770001200|c11|cabinet|NONE|ENTERQUEUE||0612345611|1
    1770001205|c11|cabinet|Local/104@agents|RINGNOANSWER|5000
    1770001208|c11|cabinet|Local/101@agents|CONNECT|8|c11-b|2
    1770001358|c11|cabinet|Local/101@agents|COMPLETEAGENT|8|150|1
    1770001300|c12|cabinet|NONE|ENTERQUEUE||0612345612|1
    1770001325|c12|cabinet|Local/103@agents|CONNECT|25|c12-b|3
    1770001385|c12|cabinet|Local/103@agents|COMPLETEAGENT|25|60|1
    17700014x0|c13|cabinet|NONE|ENTERQUEUE||0612345613|1
    1770001400|c13|cabinet|NONE|ENTERQUEUE||0612345613|1
    1770001401|c14|cabinet|Local/101@agents|COMPLETEAGENT|oops|12|1
    """

@Suite struct CallIndicatorsTests {
    let parsed = QueueLogParser().parse(handWrittenQueueLog)

    @Test func parserFindsEveryCallAndReportsBadLines() {
        #expect(parsed.records.count == 13) // c1…c13; c13 is still waiting
        #expect(parsed.malformedLines.map(\.lineNumber) == [25, 37, 39])
        #expect(parsed.ignoredLineCount == 3)
        let byId = Dictionary(uniqueKeysWithValues: parsed.records.map { ($0.callId, $0) })
        #expect(byId["c1"]?.outcome == .completedByAgent)
        #expect(byId["c1"]?.answeredAt == Date(timeIntervalSince1970: 1_770_000_015))
        #expect(byId["c1"]?.agent == "Local/101@agents")
        #expect(byId["c2"]?.outcome == .completedByCaller)
        #expect(byId["c5"]?.outcome == .transferred)
        #expect(byId["c5"]?.talkSeconds == 45)
        #expect(byId["c9"]?.abandonedAt == Date(timeIntervalSince1970: 1_770_000_942))
        #expect(byId["c9"]?.waitSeconds == 42)
        #expect(byId["c10"]?.outcome == .timedOut)
        #expect(byId["c11"]?.ringNoAnswerCount == 1)
        #expect(byId["c11"]?.agent == "Local/101@agents")
        #expect(byId["c13"]?.outcome == .waiting)
    }

    @Test func reimportAddsNothing() {
        var set = CallRecordSet()
        #expect(set.insert(contentsOf: parsed.records) == 13)
        #expect(set.insert(contentsOf: QueueLogParser().parse(handWrittenQueueLog).records) == 0)
        #expect(set.count == 13)
    }

    @Test func indicatorsMatchHandArithmetic() throws {
        let k = CallIndicators(records: parsed.records, serviceLevelSeconds: 20, shortAbandonSeconds: 5)
        // Closed calls c1…c12. Answered: c1(5 s) c2(12) c3(20) c4(35) c5(60) c11(8) c12(25) = 7.
        // Abandoned: c6(3 s) c7(5) c8(15) c9(42) = 4; short (≤ 5 s): c6, c7 = 2; after 20 s: c9 = 1.
        // Timeout: c10. Answered within 20 s (≤ 20): c1, c2, c3, c11 = 4.
        #expect(k.offered == 12)
        #expect(k.answered == 7)
        #expect(k.abandoned == 4)
        #expect(k.shortAbandons == 2)
        #expect(k.otherUnanswered == 1)
        #expect(k.serviceLevel(.answeredWithinOverAnswered) == 4.0 / 7.0) // 4 / 7
        #expect(k.serviceLevel(.answeredWithinOverOffered) == 4.0 / 12.0) // 4 / 12
        #expect(k.serviceLevel(.answeredWithinOverAnsweredPlusAbandonedAfter) == 0.5) // 4 / (7 + 1)
        #expect(k.serviceLevel(.answeredWithinOverOfferedExcludingShortAbandons) == 0.4) // 4 / (12 − 2)
        #expect(k.averageSpeedOfAnswerSeconds == 165.0 / 7.0) // (5+12+20+35+60+8+25) / 7
        #expect(k.abandonmentRate == 4.0 / 12.0) // 4 / 12
        #expect(k.abandonmentRateExcludingShortAbandons == 0.2) // (4 − 2) / (12 − 2)
        #expect(k.averageTalkSeconds == 965.0 / 7.0) // (120+200+90+300+45+150+60) / 7
        #expect(k.medianTalkSeconds == 120) // sorted 45 60 90 120 150 200 300, rank ⌈3.5⌉ = 4
        #expect(k.talkSeconds90thPercentile == 300) // rank ⌈6.3⌉ = 7
    }

    @Test func emptyInputGivesNoRatios() {
        let k = CallIndicators(records: [])
        for variant in ServiceLevelVariant.allCases { #expect(k.serviceLevel(variant) == nil) }
        #expect(k.averageSpeedOfAnswerSeconds == nil)
        #expect(k.averageTalkSeconds == nil)
    }

    @Test(arguments: [
        (10.0, [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10], 1.0), (90, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 9),
        (50, [4, 1, 3, 2], 2), (100, [3, 1, 2], 3), (50, [7], 7)
    ])
    func nearestRankPercentile(p: Double, values: [Double], expected: Double) {
        #expect(Percentile.nearestRank(p, of: values) == expected)
    }
}

@Suite struct CallRecordCSVTests {
    @Test func parsesDocumentedColumns() throws {
        let csv = """
            call_id,queue,channel,offered_at,answered_at,ended_at,abandoned_at,agent,motive
            a1,cabinet,phone,2026-03-02T09:00:00+01:00,2026-03-02T09:00:12+01:00,2026-03-02T09:03:12+01:00,,sophie,"rendez-vous, urgent"
            a2,cabinet,phone,2026-03-02T08:01:00Z,,2026-03-02T08:01:30Z,2026-03-02T08:01:30Z,,ordonnance
            a3,cabinet,phone,not-a-date,,,,,
            a4,cabinet,phone,2026-03-02T09:00:00+01:00,2026-03-02T09:00:10+01:00,,2026-03-02T09:00:10+01:00,,
            a5,cabinet,sms,2026-03-02T09:10:00.500+01:00,,,,,
            """
        let result = CallRecordCSV.parse(csv)
        #expect(result.records.map(\.callId) == ["a1", "a2", "a5"])
        #expect(result.malformedLines.map(\.lineNumber) == [4, 5])
        let a1 = try #require(result.records.first)
        #expect(a1.outcome == .answered && a1.waitSeconds == 12 && a1.talkSeconds == 180)
        #expect(a1.motive == "rendez-vous, urgent")
        #expect(a1.offeredAt == Date(timeIntervalSince1970: 1_772_438_400)) // 2026-03-02T08:00:00Z
        #expect(result.records[1].outcome == .abandoned && result.records[1].waitSeconds == 30)
        #expect(result.records[2].outcome == .unanswered && result.records[2].channel == "sms")
        var set = CallRecordSet(result.records)
        #expect(set.insert(contentsOf: CallRecordCSV.parse(csv).records) == 0)
    }
}
