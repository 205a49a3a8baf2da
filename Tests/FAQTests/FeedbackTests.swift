import FAQ
import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

/// The FAQ learns from the secretaries: `faq.feedback`, `faq.suggestions`, `faq.acceptSuggestion`.
@Suite("faq feedback and suggestions")
struct FeedbackTests {
    /// A phrasing nobody wrote and the matcher cannot place.
    static let phrasing = "on peut voir le toubib sur l'écran de l'ordi ?"

    @Test("a refused phrasing, fed back twice, is suggested; once accepted it is answered right")
    func refusedPhrasingLearnt() async throws {
        let harness = try await FAQHarness.make()
        let before = try await harness.result("faq.ask", ["question": .string(Self.phrasing)])
        #expect(before["confident"] == false)

        let first = try await harness.result(
            "faq.feedback", ["question": .string(Self.phrasing), "entryId": "teleconsultation"],
            role: .secretary)
        #expect(first["agreed"] == false)
        #expect(first["answeredEntryId"] == nil)
        // Seen once: not yet worth suggesting at the default minimum of 2.
        #expect(try await harness.result("faq.suggestions", [:], role: .staff)["suggestions"]?.arrayValue?.isEmpty == true)
        // The same phrasing in SMS spelling counts as the same one.
        _ = try await harness.result(
            "faq.feedback", ["question": "on peut voir le toubib sur l ecran de l ordi", "entryId": "teleconsultation"],
            role: .secretary)
        let listed = try await harness.result("faq.suggestions", [:], role: .staff)
        let suggestion = try #require(listed["suggestions"]?.arrayValue?.first)
        #expect(listed["suggestions"]?.arrayValue?.count == 1)
        #expect(suggestion["entryId"] == "teleconsultation")
        #expect(suggestion["count"] == 2)
        #expect(suggestion["answeredNow"] == nil)
        let id = try #require(suggestion["id"]?.stringValue)

        let record = try await harness.result("faq.acceptSuggestion", ["suggestionId": .string(id)], role: .staff)
        #expect(record["questions"]?.arrayValue?.contains(where: { $0.stringValue?.contains("toubib") == true }) == true)
        let after = try await harness.result("faq.ask", ["question": .string(Self.phrasing)])
        #expect(after["confident"] == true)
        #expect(after["answers"]?.arrayValue?.first?["entryId"] == "teleconsultation")
        // Accepted: no longer suggested.
        #expect(try await harness.result("faq.suggestions", [:], role: .staff)["suggestions"]?.arrayValue?.isEmpty == true)
    }

    @Test("a phrasing added to a staff entry joins its stored questions and survives a restart")
    func staffEntryAndRestart() async throws {
        let harness = try await FAQHarness.make()
        _ = try await harness.result(
            "faq.upsert",
            [
                "id": "masque", "questions": ["Faut-il porter un masque ?"],
                "answer": "Le masque est demandé en cas de toux."
            ], role: .staff)
        let record = try await harness.result(
            "faq.acceptSuggestion", ["entryId": "masque", "question": "le cache-nez c'est obligé ?"],
            role: .staff)
        #expect(record["source"] == "staff")
        #expect(record["questions"]?.arrayValue?.count == 2)
        _ = try await harness.result("faq.acceptSuggestion", ["entryId": "hours", "question": "vous bossez quand ?"], role: .staff)

        let document = try ConfigurationDocument(yaml: ExamplePractice.yaml)
        let restarted = try KernelHost(store: harness.host.store, clock: harness.clock, configuration: document)
        let practice = try PracticePlugin(configuration: document)
        let faq = try FAQPlugin(configuration: document, directory: practice.directory)
        try await restarted.install([practice, faq])
        let now = harness.clock.now()
        #expect(faq.knowledgeBase.record("masque", siteId: nil, now: now)?.questions.last == "le cache-nez c'est obligé ?")
        #expect(faq.knowledgeBase.record("hours", siteId: nil, now: now)?.questions.last == "vous bossez quand ?")
        #expect(faq.knowledgeBase.ask("vous bossez quand ?", siteId: nil, limit: 1, now: now).answers.first?.entryId == "hours")
    }

    @Test("a practice's index is built on its first question, with the staff edits stored before the start")
    func indexBuiltOnFirstQuestion() async throws {
        let harness = try await FAQHarness.make()
        _ = try await harness.result("faq.acceptSuggestion", ["entryId": "hours", "question": "vous bossez quand ?"], role: .staff)
        let document = try ConfigurationDocument(yaml: ExamplePractice.yaml)
        let restarted = try KernelHost(store: harness.host.store, clock: harness.clock, configuration: document)
        let practice = try PracticePlugin(configuration: document)
        let faq = try FAQPlugin(configuration: document, directory: practice.directory)
        try await restarted.install([practice, faq])
        #expect(!faq.knowledgeBase.isIndexed)
        let answer = faq.knowledgeBase.ask("vous bossez quand ?", siteId: nil, limit: 1, now: harness.clock.now())
        #expect(faq.knowledgeBase.isIndexed)
        #expect(answer.answers.first?.entryId == "hours")
    }

    @Test("feedback records a refusal too, and names need the right role")
    func noneAndRoles() async throws {
        let harness = try await FAQHarness.make()
        let none = try await harness.result("faq.feedback", ["question": "Vous avez le code wifi ?"], role: .secretary)
        #expect(none["entryId"] == nil)
        #expect(none["agreed"] == true)
        let explicit = try await harness.result("faq.feedback", ["question": "Quels sont vos horaires ?", "entryId": "none"], role: .secretary)
        #expect(explicit["answeredEntryId"] == "hours")
        #expect(explicit["agreed"] == false)
        #expect(try await harness.error("faq.feedback", ["question": "horaires"], role: .integration).code == .forbidden)
        #expect(try await harness.error("faq.suggestions", [:], role: .secretary).code == .forbidden)
        #expect(try await harness.error("faq.acceptSuggestion", ["entryId": "hours", "question": "x"], role: .secretary).code == .forbidden)
    }

    struct BadCall: Sendable, CustomTestStringConvertible {
        let method: String
        let params: JSONValue
        let code: ErrorCode
        let field: String
        var testDescription: String { "\(method) → \(field)" }
    }

    @Test(
        "bad input names its field",
        arguments: [
            BadCall(method: "faq.feedback", params: ["question": "  "], code: .invalidParams, field: "question"),
            BadCall(method: "faq.feedback", params: ["question": "horaires", "entryId": "inconnu"], code: .notFound, field: "entryId"),
            BadCall(method: "faq.feedback", params: ["question": "horaires", "siteId": "gare"], code: .unprocessable, field: "siteId"),
            BadCall(method: "faq.suggestions", params: ["minCount": 0], code: .invalidParams, field: "minCount"),
            BadCall(method: "faq.suggestions", params: ["entryId": "inconnu"], code: .notFound, field: "entryId"),
            BadCall(method: "faq.acceptSuggestion", params: [:], code: .invalidParams, field: "suggestionId"),
            BadCall(method: "faq.acceptSuggestion", params: ["suggestionId": "sug-0000000000000000"], code: .notFound, field: "suggestionId"),
            BadCall(method: "faq.acceptSuggestion", params: ["entryId": "inconnu", "question": "q"], code: .notFound, field: "entryId"),
            BadCall(method: "faq.acceptSuggestion", params: ["entryId": "hours", "question": " "], code: .invalidParams, field: "question")
        ])
    func badInput(_ bad: BadCall) async throws {
        let harness = try await FAQHarness.make()
        let error = try await harness.error(bad.method, bad.params)
        #expect(error.code == bad.code)
        #expect(error.data?["field"]?.stringValue == bad.field)
    }
}
