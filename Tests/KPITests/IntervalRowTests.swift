import Foundation
import Kernel
import Practice
import Testing

@testable import JSONRPC
@testable import KPI

/// An interval row is one object: its date, local time and start, then the method's figures.
@Suite struct IntervalRowTests {
    struct Figures: Encodable, Sendable {
        let calls: Double
        let agents: Int
    }

    @Test("date, time and start, then the figures, in one object that the streaming encoder writes itself")
    func oneObject() throws {
        let doc = try ConfigurationDocument(yaml: ExamplePractice.yaml)
        let kpi = try KPIPlugin(configuration: doc, directory: try PracticePlugin(configuration: doc).directory).context
        // The day the clocks go forward: the start's offset is the summer one.
        let key = IntervalKey(date: try #require(LocalDate(year: 2026, month: 3, day: 29)), minuteOfDay: 9 * 60 + 30)
        let row = IntervalRow(key, Figures(calls: 12.5, agents: 3), kpi: kpi)
        let streamed = try StreamingJSONEncoder(offsets: ZoneOffsets(kpi.directory.timeZone)).encode(row)
        #expect(
            String(decoding: streamed, as: UTF8.self)
                == #"{"date":"2026-03-29","time":"09:30","start":"2026-03-29T09:30:00+02:00","calls":12.5,"agents":3}"#)
    }
}
