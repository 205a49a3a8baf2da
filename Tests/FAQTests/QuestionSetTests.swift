import Foundation
import JSONRPC
import Kernel
import Testing

/// The done-when figure of the FAQ: the question set of Docs/faq answered through `faq.ask` with
/// the bundled example practice.
@Suite("Question set (Docs/faq/questions.tsv) through faq.ask")
struct QuestionSetTests {
    @Test("≥ 80 questions, top-1 accuracy ≥ 90 %, ≥ 90 % of unanswerable questions answered as such")
    func accuracy() async throws {
        let harness = try await FAQHarness.make()
        let cases = try QuestionSet.load()
        /// FAQ_VERBOSE=1 prints misses, unsure answers and what unanswerable questions came closest to.
        let verbose = ProcessInfo.processInfo.environment["FAQ_VERBOSE"] != nil
        var answerable = 0
        var correct = 0
        var confidentCorrect = 0
        var unanswerable = 0
        var rejected = 0
        for testCase in cases {
            var params: JSONObject = ["question": .string(testCase.question), "limit": 3]
            if let site = testCase.siteId { params["siteId"] = .string(site) }
            let reply = try await harness.result("faq.ask", .object(params))
            let confident = reply["confident"]?.boolValue == true
            let ranked = (reply["answers"]?.arrayValue ?? []) + (reply["suggestions"]?.arrayValue ?? [])
            let top = ranked.first?["entryId"]?.stringValue
            let summary = ranked.map { "\($0["entryId"]?.stringValue ?? "?") \($0["confidence"]?.doubleValue ?? 0)" }
            if testCase.expected.isEmpty {
                unanswerable += 1
                if !confident, reply["message"]?.stringValue?.isEmpty == false { rejected += 1 }
                if verbose { print("NONE \(testCase.question) → \(confident ? "ANSWERED " : "")\(summary)") }
            } else {
                answerable += 1
                let ok = top.map(testCase.expected.contains) ?? false
                if ok { correct += 1 }
                if ok && confident { confidentCorrect += 1 }
                if verbose && (!ok || !confident) {
                    print("\(ok ? "UNSURE" : "MISS") \(testCase.question) → expected \(testCase.expected.sorted()), got \(summary)")
                }
            }
        }
        let accuracy = Double(correct) / Double(max(answerable, 1))
        print(
            "FAQ top-1 accuracy through faq.ask: \(correct)/\(answerable) = \(String(format: "%.1f", accuracy * 100)) %; "
                + "confident and correct: \(confidentCorrect)/\(answerable); unanswerable recognised: \(rejected)/\(unanswerable)")
        #expect(answerable + unanswerable >= 80)
        #expect(unanswerable >= 10)
        #expect(accuracy >= 0.9)
        // The threshold is now calibrated on the independent set's tuning half (Docs/faq.md), not on this set.
        #expect(Double(rejected) >= 0.9 * Double(unanswerable))
    }

    @Test("every expected id of the question set is an entry of the example practice")
    func expectedIdsExist() async throws {
        let harness = try await FAQHarness.make()
        let list = try await harness.result("faq.list")
        let ids = Set((list["entries"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue })
        let expected = try QuestionSet.load().reduce(into: Set<String>()) { $0.formUnion($1.expected) }
        #expect(expected.subtracting(ids).isEmpty, "unknown ids: \(expected.subtracting(ids).sorted())")
    }
}
