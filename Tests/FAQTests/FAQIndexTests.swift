import FAQ
import Testing

@Suite("FAQIndex")
struct FAQIndexTests {
    static let entries = [
        FAQEntry(id: "hours", questions: ["Quels sont vos horaires ?"], answer: "Du lundi au vendredi, 8 h – 19 h."),
        FAQEntry(id: "parking-centre", questions: ["Y a-t-il un parking ?"], answer: "Parking gratuit derrière le centre.", siteId: "centre"),
        FAQEntry(id: "parking-gare", questions: ["Y a-t-il un parking ?"], answer: "Parking payant de la gare.", siteId: "gare"),
        FAQEntry(id: "labo", questions: ["Faites-vous les prises de sang ?"], answer: "Oui, le matin.", keywords: ["bilan", "analyses"])
    ]
    let index = FAQIndex(entries: entries)

    @Test("a site-restricted entry answers only for its site")
    func siteRestriction() {
        #expect(index.search("parking", siteId: "centre").map(\.entryId) == ["parking-centre"])
        #expect(index.search("parking", siteId: "gare").map(\.entryId) == ["parking-gare"])
        #expect(index.search("parking", siteId: "ailleurs").isEmpty)
    }

    @Test("with no site, site-restricted entries answer and say which site")
    func noSiteGiven() {
        let matches = index.search("où se garer ?")
        #expect(Set(matches.map(\.entryId)) == ["parking-centre", "parking-gare"])
        #expect(Set(matches.compactMap(\.siteId)) == ["centre", "gare"])
    }

    @Test("keywords find their entry")
    func keywords() {
        #expect(index.bestAnswer(for: "mon bilan d'analyses")?.entryId == "labo")
    }

    @Test("questions with nothing to match give no answer", arguments: ["", "   ", "?!", "le la les", "xyzzy"])
    func empty(question: String) {
        #expect(index.search(question).isEmpty)
        #expect(index.bestAnswer(for: question) == nil)
    }

    @Test("confidence is in 0…1 and results are ranked and limited")
    func ranking() {
        let matches = index.search("horaires parking prise de sang", limit: 2)
        #expect(matches.count == 2)
        #expect(zip(matches, matches.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(matches.allSatisfy { (0...1).contains($0.confidence) })
        #expect(index.search("horaires", limit: 0).isEmpty)
    }

    @Test("a question that is a phrasing is answered with full confidence")
    func exactPhrasing() throws {
        let match = try #require(index.bestAnswer(for: "Quels sont vos horaires ?"))
        #expect(match.entryId == "hours")
        #expect(match.confidence > 0.99)
    }

    @Test("the index can be shared across tasks")
    func sendable() async {
        let index = self.index
        let results = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<8 { group.addTask { index.bestAnswer(for: "horaires ?")?.entryId } }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: "hours", count: 8))
    }

    @Test("500 entries, 1,000 searches: every generated question finds its entry")
    func largeIndex() {
        let topics = [
            "horaires", "parking", "ordonnance", "vaccin", "certificat", "mutuelle", "radio",
            "kinésithérapie", "échographie", "pédiatrie", "dentiste", "ophtalmologie"
        ]
        let entries = (0..<500).map { i in
            let code = "dossier\(i)"
            return FAQEntry(
                id: "e\(i)",
                questions: [
                    "Question sur \(topics[i % topics.count]) numéro \(code) ?",
                    "Comment obtenir le document \(code) pour \(topics[(i / 7) % topics.count]) ?"
                ], answer: "Réponse \(i) concernant \(topics[i % topics.count]).", siteId: i % 5 == 0 ? "centre" : nil)
        }
        let index = FAQIndex(entries: entries)
        var found = 0
        for n in 0..<1_000 {
            let i = (n * 37) % 500
            let question = n % 2 == 0 ? "\(topics[i % topics.count]) dossier\(i)" : "info document dossier\(i) svp"
            if index.search(question, siteId: "centre", limit: 5).first?.entryId == "e\(i)" { found += 1 }
        }
        #expect(found == 1_000)
    }
}
