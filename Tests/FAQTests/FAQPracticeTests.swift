import FAQ
import Foundation
import GRDB
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Testing

/// Staff edits, added phrasings and feedback belong to a practice: two practices on one database
/// file (each host with its own `Store`, as two nodes) never see nor change each other's, and a
/// database written before rows carried their practice keeps its FAQ rows under `default`.
@Suite struct FAQPracticeTests {
    /// The example practice under `id` (nil: without `practice.id`, as before).
    static func example(id: String?) -> String { PracticeDatabase.example(ExamplePractice.yaml, practiceId: id) }

    /// A host of the example practice under `id` on the database file at `path`.
    static func host(_ id: String?, path: String) async throws -> FAQHarness {
        let document = try ConfigurationDocument(yaml: example(id: id))
        let practice = try PracticePlugin(configuration: document)
        let plugin = try FAQPlugin(configuration: document, directory: practice.directory)
        let server = try await TestServer(
            configuration: document, plugins: [practice, plugin], clock: ManualClock(instant("2026-03-10T10:00:00+01:00")),
            store: try Store(path: path))
        return FAQHarness(server: server, plugin: plugin)
    }

    static func newDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("permanence-faq-practices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static let phrasing = "on peut voir le toubib sur l'écran de l'ordi ?"

    @Test("through B nothing of A's edits, phrasings and feedback shows, A's ids are not found, and the same id is B's own")
    func twoPracticesOneDatabase() async throws {
        let dir = try Self.newDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("faq.sqlite").path
        let a = try await Self.host("cab-a", path: path)
        let b = try await Self.host("cab-b", path: path)
        _ = try await a.result(
            "faq.upsert", ["id": "masque", "questions": ["Faut-il porter un masque ?"], "answer": "A : le masque en cas de toux."], role: .staff)
        _ = try await a.result("faq.acceptSuggestion", ["entryId": "hours", "question": "vous bossez quand ?"], role: .staff)
        #expect(try await a.result("faq.delete", ["id": "parking-centre"], role: .staff)["outcome"] == "hidden")
        for _ in 0..<2 { _ = try await a.result("faq.feedback", ["question": .string(Self.phrasing), "entryId": "teleconsultation"], role: .secretary) }
        #expect(try await a.result("faq.suggestions", [:], role: .staff)["suggestions"]?.arrayValue?.count == 1)

        // B: none of it.
        for (method, params) in [("faq.get", ["id": "masque"]), ("faq.delete", ["id": "masque"])] as [(String, JSONValue)] {
            #expect(try await b.error(method, params, role: .staff).code.rawValue == -32004, "\(method)")
        }
        let listed = try await b.result("faq.list")["entries"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(!listed.contains("masque") && listed.contains("parking-centre"))
        #expect(try await b.result("faq.get", ["id": "hours"])["questions"]?.arrayValue?.contains("vous bossez quand ?") == false)
        #expect(try await b.result("faq.suggestions", [:], role: .staff)["suggestions"]?.arrayValue?.isEmpty == true)
        #expect(try await b.error("faq.acceptSuggestion", ["entryId": "masque", "question": "et le cache-nez ?"], role: .staff).code.rawValue == -32004)
        // The same id through B is B's own entry; A's stays as it was.
        _ = try await b.result(
            "faq.upsert", ["id": "masque", "questions": ["Le masque est-il obligatoire ?"], "answer": "B : pas de masque."], role: .staff)
        #expect(try await b.result("faq.get", ["id": "masque"])["answer"] == "B : pas de masque.")
        #expect(try await a.result("faq.get", ["id": "masque"])["answer"] == "A : le masque en cas de toux.")
        await a.server.stop()
        await b.server.stop()

        // Restarted, each index is built from its own practice's rows.
        let a2 = try await Self.host("cab-a", path: path)
        let b2 = try await Self.host("cab-b", path: path)
        let now = a2.clock.now()
        #expect(a2.plugin.knowledgeBase.record("masque", siteId: nil, now: now)?.answer == "A : le masque en cas de toux.")
        #expect(b2.plugin.knowledgeBase.record("masque", siteId: nil, now: now)?.answer == "B : pas de masque.")
        #expect(a2.plugin.knowledgeBase.record("parking-centre", siteId: nil, now: now) == nil)
        #expect(b2.plugin.knowledgeBase.record("parking-centre", siteId: nil, now: now) != nil)
        #expect(a2.plugin.knowledgeBase.record("hours", siteId: nil, now: now)?.questions.last == "vous bossez quand ?")
        #expect(b2.plugin.knowledgeBase.record("hours", siteId: nil, now: now)?.questions.contains("vous bossez quand ?") == false)
        await a2.server.stop()
        await b2.server.stop()
    }

    @Test("upgrade in place: the staff entry and the feedback are kept under default and answered as before; another practice sees none")
    func upgradeInPlace() async throws {
        let dir = try Self.newDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("upgraded.sqlite").path
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/single-practice-v1.sqlite")
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)

        let h = try await Self.host(nil, path: path)
        #expect(h.host.practiceId == "default")
        let tags = try await h.host.store.read { db in
            try ["faq_entry", "faq_feedback"].map { table in
                try db.rows("SELECT practiceId, COUNT(*) FROM \(table) GROUP BY practiceId").map { "\(table) \($0[0] as String) \($0[1] as Int)" }
            }
        }
        #expect(tags == [["faq_entry default 1"], ["faq_feedback default 1"]])
        // The instants the first versions wrote as text read back as the same instants, now stored in seconds.
        let (edit, feedbackAt) = try await h.host.store.read { db in
            (
                try FAQStaffEdit.find(id: "masque", practiceId: "default", in: db),
                try db.value(Double.self, "SELECT recorded_at FROM faq_feedback")
            )
        }
        #expect(edit?.updatedAt == Date(timeIntervalSince1970: 1_773_129_600))
        #expect(feedbackAt == 1_773_129_600)
        let record = try await h.result("faq.get", ["id": "masque"])
        #expect(record["answer"] == "Oui en cas de toux.")
        #expect(record["source"] == "staff")
        #expect(try await h.result("faq.ask", ["question": "Faut-il un masque ?"])["answers"]?.arrayValue?.first?["entryId"] == "masque")
        await h.server.stop()

        let other = try await Self.host("other", path: path)
        #expect(try await other.error("faq.get", ["id": "masque"]).code.rawValue == -32004)
        #expect(try await other.result("faq.list")["entries"]?.arrayValue?.contains { $0["id"] == "masque" } == false)
        await other.server.stop()
    }
}
