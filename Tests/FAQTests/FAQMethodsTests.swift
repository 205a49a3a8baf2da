import FAQ
import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@Suite("faq methods")
struct FAQMethodsTests {
    @Test("built-in entries are computed from the configuration, in French")
    func builtIns() async throws {
        let harness = try await FAQHarness.make()
        func answer(_ id: String, site: String? = nil) async throws -> String {
            var params: JSONObject = ["id": .string(id)]
            if let site { params["siteId"] = .string(site) }
            let record = try await harness.result("faq.get", .object(params))
            #expect(record["source"] == "builtin")
            #expect(record["computed"] == true)
            return record["answer"]?.stringValue ?? ""
        }
        let address = try await answer("address", site: "chenes")
        #expect(
            address.hasPrefix("Antenne des Chênes (quartier des Chênes) : 3 rue Jean-Moulin, résidence Les Chênes, bâtiment B, 26410 Villeneuve-sur-Lauze."))
        #expect(address.contains("Cabinet au 1er étage avec ascenseur"))
        #expect(!address.contains("avenue des Tilleuls"))
        #expect(try await answer("address").split(separator: "\n").count == 2)
        let hours = try await answer("hours", site: "centre")
        #expect(
            hours.contains(
                "du lundi au jeudi de 8 h à 12 h 30 et de 13 h 30 à 19 h ; le vendredi de 8 h à 12 h 30 et de 13 h 30 à 18 h 30 ; le samedi de 8 h 30 à 12 h"))
        #expect(hours.contains("Fermé à l'heure du déjeuner du lundi au vendredi de 12 h 30 à 13 h 30."))
        #expect(hours.contains("Fermé le dimanche et les jours fériés."))
        #expect(try await answer("phone") == "Le numéro du cabinet est le 04 65 71 00 10.")
        #expect(try await answer("fax") == "Le numéro de fax du cabinet est le 04 65 71 00 19.")
        #expect(try await answer("email").contains("secretariat@msp-tilleuls.example"))
        #expect(try await answer("website") == "Le site internet du cabinet est https://msp-tilleuls.example.")
        let insurance = try await answer("insurance")
        #expect(
            insurance.contains("conventionnés en secteur 1") && insurance.contains("tiers payant est partiel")
                && insurance.contains("carte Vitale est acceptée") && insurance.contains("mutuelles"))
        let practitioners = try await answer("practitioners")
        #expect(practitioners.contains("Médecine générale : Dr Claire Martin, Dr Karim Benali et Dr Émilie Roux."))
        #expect(practitioners.contains("Pédiatrie : Dr Thomas Nguyen."))
        let newPatients = try await answer("new-patients")
        #expect(newPatients.contains("Dr Claire Martin ne prend plus de nouveaux patients."))
        #expect(newPatients.contains("Dr Karim Benali, Dr Émilie Roux, Dr Thomas Nguyen et Julie Lefebvre acceptent de nouveaux patients."))
        let services = try await answer("services")
        #expect(services.contains("pédiatrie") && services.contains("sage-femme") && services.contains("Frottis / suivi gynécologique"))
    }

    @Test("closures lists the public holidays and the closures ahead of the day asked")
    func closures() async throws {
        let harness = try await FAQHarness.make(at: instant("2026-03-10T10:00:00+01:00"))
        let march = try await harness.result("faq.get", ["id": "closures"])
        #expect(march["answer"]?.stringValue?.contains("prochainement lundi 6 avril (Lundi de Pâques)") == true)
        #expect(march["answer"]?.stringValue?.contains("du vendredi 7 mai 2027 au samedi 8 mai 2027 inclus (Pont de l'Ascension)") == true)
        harness.clock.set(instant("2027-08-20T10:00:00+02:00"))
        let august = try await harness.result("faq.get", ["id": "closures", "siteId": "chenes"])
        let text = august["answer"]?.stringValue ?? ""
        #expect(text.contains("dimanche 15 août") == false)
        #expect(text.contains("du lundi 9 août au dimanche 22 août inclus (Fermeture estivale de l'antenne)"))
        #expect(!text.contains("Pont de l'Ascension"))
        let centre = try await harness.result("faq.get", ["id": "closures", "siteId": "centre"])
        #expect(centre["answer"]?.stringValue?.contains("Aucune fermeture exceptionnelle n'est prévue.") == true)
    }

    @Test("a question with no good answer says so and suggests taking a message")
    func noConfidentAnswer() async throws {
        let harness = try await FAQHarness.make()
        let reply = try await harness.result("faq.ask", ["question": "Qui a gagné le match de foot hier soir ?"])
        #expect(reply["confident"] == false)
        #expect(reply["answers"]?.arrayValue?.isEmpty == true)
        #expect(reply["message"]?.stringValue?.contains("prendre un message") == true)
        let good = try await harness.result("faq.ask", ["question": "Vous prenez la carte bleue ?"])
        #expect(good["confident"] == true)
        #expect(good["message"] == nil)
        let top = try #require(good["answers"]?.arrayValue?.first)
        #expect(top["entryId"] == "paiement")
        #expect(top["source"] == "configuration")
        #expect((top["confidence"]?.doubleValue ?? 0) > 0.45)
    }

    @Test("a site-restricted entry answers only for its site")
    func siteRestriction() async throws {
        let harness = try await FAQHarness.make()
        let centre = try await harness.result("faq.ask", ["question": "où se garer ?", "siteId": "centre", "limit": 5])
        let ids = ((centre["answers"]?.arrayValue ?? []) + (centre["suggestions"]?.arrayValue ?? [])).compactMap { $0["entryId"]?.stringValue }
        #expect(ids.first == "parking-centre")
        #expect(!ids.contains("parking-chenes"))
        let list = try await harness.result("faq.list", ["siteId": "chenes"])
        let listed = (list["entries"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        #expect(listed.contains("parking-chenes") && !listed.contains("parking-centre"))
    }

    @Test("staff edits win over the file, deletes hide file entries, and survive a restart")
    func staffEdits() async throws {
        let harness = try await FAQHarness.make()
        // A new entry is found at once.
        let created = try await harness.result(
            "faq.upsert",
            [
                "id": "masque", "questions": ["Faut-il porter un masque dans la salle d'attente ?"],
                "answer": "Le masque est demandé en cas de toux ou de fièvre."
            ], role: .staff)
        #expect(created["source"] == "staff")
        let asked = try await harness.result("faq.ask", ["question": "je dois mettre un masque en salle d'attente ?"])
        #expect(asked["answers"]?.arrayValue?.first?["entryId"] == "masque")
        // Rewriting a file entry: the stored edit wins.
        _ = try await harness.result(
            "faq.upsert",
            [
                "id": "paiement", "questions": ["Vous prenez la carte bleue ?"], "answer": "Carte bancaire et espèces uniquement."
            ], role: .staff)
        let paiement = try await harness.result("faq.get", ["id": "paiement"])
        #expect(paiement["answer"] == "Carte bancaire et espèces uniquement.")
        #expect(paiement["source"] == "staff")
        // Deleting a file entry hides it; deleting it again is not found.
        let hidden = try await harness.result("faq.delete", ["id": "animaux"], role: .staff)
        #expect(hidden["outcome"] == "hidden")
        #expect(try await harness.error("faq.get", ["id": "animaux"]).code == .notFound)
        #expect(try await harness.error("faq.delete", ["id": "animaux"], role: .staff).code == .notFound)
        let removed = try await harness.result("faq.delete", ["id": "masque"], role: .staff)
        #expect(removed["outcome"] == "removed")

        // A second host on the same store (a restart) sees the same edits.
        let document = try ConfigurationDocument(yaml: ExamplePractice.yaml)
        let restarted = try KernelHost(store: harness.host.store, clock: harness.clock, configuration: document)
        let practice = try PracticePlugin(configuration: document)
        let faq = try FAQPlugin(configuration: document, directory: practice.directory)
        try await restarted.install([practice, faq])
        let now = harness.clock.now()
        #expect(faq.knowledgeBase.record("paiement", siteId: nil, now: now)?.answer == "Carte bancaire et espèces uniquement.")
        #expect(faq.knowledgeBase.record("animaux", siteId: nil, now: now) == nil)
        #expect(faq.knowledgeBase.record("masque", siteId: nil, now: now) == nil)
    }

    @Test("edits need the staff role")
    func roles() async throws {
        let harness = try await FAQHarness.make()
        let params: JSONValue = ["id": "x", "questions": ["q ?"], "answer": "a"]
        #expect(try await harness.error("faq.upsert", params, role: .secretary).code == .forbidden)
        #expect(try await harness.error("faq.delete", ["id": "retard"], role: .secretary).code == .forbidden)
        _ = try await harness.result("faq.ask", ["question": "parking ?"], role: .integration)
    }

    struct BadCall: Sendable, CustomTestStringConvertible {
        let method: String
        let params: JSONValue
        let code: ErrorCode
        let field: String
        var testDescription: String { "\(method) → \(field)" }
    }

    @Test(
        "bad input is an error naming the field",
        arguments: [
            BadCall(method: "faq.ask", params: ["question": "  "], code: .invalidParams, field: "question"),
            BadCall(method: "faq.ask", params: ["question": "parking", "limit": 0], code: .invalidParams, field: "limit"),
            BadCall(method: "faq.ask", params: ["question": "parking", "siteId": "gare"], code: .unprocessable, field: "siteId"),
            BadCall(method: "faq.ask", params: ["limit": 2], code: .invalidParams, field: "question"),
            BadCall(method: "faq.get", params: ["id": "inconnu"], code: .notFound, field: "id"),
            BadCall(method: "faq.upsert", params: ["id": "Bad Id", "questions": ["q"], "answer": "a"], code: .invalidParams, field: "id"),
            BadCall(method: "faq.upsert", params: ["id": "hours", "questions": ["q"], "answer": "a"], code: .unprocessable, field: "id"),
            BadCall(method: "faq.upsert", params: ["id": "x", "questions": [], "answer": "a"], code: .invalidParams, field: "questions"),
            BadCall(method: "faq.upsert", params: ["id": "x", "questions": ["ok", " "], "answer": "a"], code: .invalidParams, field: "questions[1]"),
            BadCall(method: "faq.upsert", params: ["id": "x", "questions": ["q"], "answer": ""], code: .invalidParams, field: "answer"),
            BadCall(method: "faq.upsert", params: ["id": "x", "questions": ["q"], "answer": "a", "siteId": "gare"], code: .unprocessable, field: "siteId"),
            BadCall(method: "faq.delete", params: ["id": "open-now"], code: .unprocessable, field: "id"),
            BadCall(method: "faq.delete", params: ["id": "inconnu"], code: .notFound, field: "id")
        ])
    func badInput(_ bad: BadCall) async throws {
        let harness = try await FAQHarness.make()
        let error = try await harness.error(bad.method, bad.params)
        #expect(error.code == bad.code)
        #expect(error.data?["field"]?.stringValue == bad.field)
    }

    @Test("configuration problems are reported with their path")
    func configurationIssues() throws {
        let yaml = ExamplePractice.yaml.replacingOccurrences(
            of: "  - id: parking-chenes\n    site: chenes",
            with: "  - id: hours\n    site: gare")
        let document = try ConfigurationDocument(yaml: yaml)
        let practice = try PracticePlugin(configuration: document)
        do {
            _ = try FAQPlugin(configuration: document, directory: practice.directory)
            Issue.record("expected a configuration error")
        } catch {
            let paths = error.issues.map(\.path)
            #expect(paths.contains("faq[1].id"))
            #expect(paths.contains("faq[1].site"))
            #expect(error.issues.allSatisfy { $0.line != nil })
        }
    }
}
