import JSONRPC
import Testing

/// Lines are split on `\n`, `\r` is dropped, and over-long lines are reported once and skipped.
@Suite struct LineFramerTests {
    @Test func splitsAcrossChunks() {
        var f = LineFramer(maximumLength: 100)
        #expect(f.feed(Array("ab".utf8)) == [])
        #expect(f.feed(Array("c\r\nd\n\ne".utf8)) == [.line(Array("abc".utf8)), .line(Array("d".utf8)), .line([])])
        #expect(f.finish() == [.line(Array("e".utf8))])
    }

    @Test(arguments: [1, 7, 64, 4096])
    func overLongLineIsReportedOnceWhateverTheChunking(chunk: Int) {
        var f = LineFramer(maximumLength: 10)
        let input = Array((String(repeating: "x", count: 50) + "\nok\n").utf8)
        var frames: [LineFramer.Frame] = []
        var i = 0
        while i < input.count {
            frames += f.feed(input[i..<min(input.count, i + chunk)])
            i += chunk
        }
        #expect(frames == [.tooLong, .line(Array("ok".utf8))])
    }

    @Test func exactlyTheLimitIsAccepted() {
        var f = LineFramer(maximumLength: 5)
        #expect(f.feed(Array("12345\r\n123456\n".utf8)) == [.line(Array("12345".utf8)), .tooLong])
    }
}
