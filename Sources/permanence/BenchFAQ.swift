import ArgumentParser
import FAQ
import Foundation
import JSONRPC
import Kernel
import Practice

/// `permanence bench faq`: latency of `faq.ask` with a knowledge base of 500 entries.
///
/// The example practice's entries (built-in and configured) are completed with generated staff
/// entries, added through `faq.upsert` (each one rebuilds the index, which is timed too), up to
/// `--entries`. Questions are those of `Docs/faq/questions.tsv` when the file is found, plus a few
/// built-in ones; each call goes through the dispatcher as a client's would (params decoding,
/// search, computed answers, result encoding), on one task, after a warm-up.
struct BenchFAQ: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faq",
        abstract: "p50/p99 latency of faq.ask (in-process dispatcher) with 500 FAQ entries, and index rebuild time.")

    @Option(help: "Entries in the knowledge base (example practice + generated staff entries).") var entries: Int = 500
    @Option(help: "faq.ask calls to time.") var calls: Int = 20_000
    @Option(help: "The labelled question set, if present.") var questions: String = "Docs/faq/questions.tsv"
    @Flag(help: "Print the questions of the set answered wrongly.") var verbose = false

    func run() async throws {
        #if DEBUG
            print("warning: debug build; build with `swift build -c release` for meaningful figures")
        #endif
        let document = try ConfigurationDocument(yaml: ExamplePractice.yaml, source: "example practice")
        let host = try KernelHost(store: try Store(), clock: ManualClock(Date(timeIntervalSince1970: 1_773_133_200)), configuration: document)
        var issues: [ConfigurationIssue] = []
        guard let directory = PracticeDirectory(configuration: document, issues: &issues) else {
            throw ConfigurationError(issues, source: document.source)
        }
        let faq = try FAQPlugin(configuration: document, directory: directory)
        try await host.install([faq])
        let dispatcher = Dispatcher(host: host)
        let session = dispatcher.openSession(transport: .inProcess, role: .staff, actor: "bench", sink: { _ in })

        // Fill the knowledge base through faq.upsert.
        let base = faq.knowledgeBase.count
        var rebuilds: [Double] = []
        for (i, entry) in Self.generatedEntries(count: max(0, entries - base)).enumerated() {
            let started = DispatchTime.now().uptimeNanoseconds
            let request = Request(
                method: "faq.upsert",
                params: [
                    "id": .string(entry.id), "questions": .array(entry.questions.map { .string($0) }), "answer": .string(entry.answer)
                ], id: .int(i))
            if case .failure(let error) = await dispatcher.call(request, session: session) { throw error }
            rebuilds.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1000)
        }
        let total = faq.knowledgeBase.count

        // Questions: the labelled set if found, and a few more.
        var labelled: [(question: String, expected: Set<String>, site: String?)] = []
        if let text = try? String(contentsOfFile: questions, encoding: .utf8) {
            for line in text.split(separator: "\n").dropFirst() {
                let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard columns.count >= 2 else { continue }
                let expected = columns[1] == "none" ? [] : Set(columns[1].split(separator: "|").map(String.init))
                labelled.append((columns[0], expected, columns.count > 2 && !columns[2].isEmpty ? columns[2] : nil))
            }
        }
        let asked = labelled.map { ($0.question, $0.site) } + Self.extraQuestions.map { ($0, nil as String?) }

        func ask(_ question: String, site: String?, id: Int) async throws -> [UInt8] {
            var params: JSONObject = ["question": .string(question), "limit": 3]
            if let site { params["siteId"] = .string(site) }
            switch await dispatcher.call(Request(method: "faq.ask", params: .object(params), id: .int(id)), session: session) {
            case .success(let bytes): return bytes
            case .failure(let error): throw error
            }
        }

        // Warm-up, then timed calls.
        for i in 0..<min(2_000, calls) { _ = try await ask(asked[i % asked.count].0, site: asked[i % asked.count].1, id: i) }
        var latencies: [Double] = []
        latencies.reserveCapacity(calls)
        for i in 0..<calls {
            let (question, site) = asked[i % asked.count]
            let started = DispatchTime.now().uptimeNanoseconds
            _ = try await ask(question, site: site, id: i)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1000)
        }

        // The search alone, without the dispatcher.
        var searchOnly: [Double] = []
        for i in 0..<calls {
            let (question, site) = asked[i % asked.count]
            let started = DispatchTime.now().uptimeNanoseconds
            _ = faq.knowledgeBase.ask(question, siteId: site, limit: 3, now: host.clock.now())
            searchOnly.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1000)
        }

        print(
            "faq.ask with \(total) entries (\(base) from the example practice, \(total - base) generated), "
                + "\(calls) calls over \(asked.count) questions")
        print("| measure | p50 µs | p90 µs | p99 µs | max µs | mean µs |")
        print("|---|---:|---:|---:|---:|---:|")
        print(Self.row("faq.ask through the dispatcher", latencies))
        print(Self.row("search + answers only", searchOnly))
        if !rebuilds.isEmpty { print(Self.row("faq.upsert incl. index rebuild", rebuilds)) }

        // Accuracy of the labelled set with the generated entries as distractors.
        if !labelled.isEmpty {
            var answerable = 0
            var correct = 0
            var unanswerable = 0
            var rejected = 0
            for item in labelled {
                let result = faq.knowledgeBase.ask(item.question, siteId: item.site, limit: 1, now: host.clock.now())
                let top = (result.answers + result.suggestions).first?.entryId
                if item.expected.isEmpty {
                    unanswerable += 1
                    if !result.confident {
                        rejected += 1
                    } else if verbose {
                        print("ANSWERED \(item.question) → \(result.answers.map(\.entryId))")
                    }
                } else {
                    answerable += 1
                    if let top, item.expected.contains(top) {
                        correct += 1
                    } else if verbose {
                        print("MISS \(item.question) → expected \(item.expected.sorted()), got \(top ?? "nothing")")
                    }
                }
            }
            print(
                "question set with \(total) entries: top-1 \(correct)/\(answerable) = "
                    + String(format: "%.1f %%", 100 * Double(correct) / Double(max(answerable, 1)))
                    + "; unanswerable recognised \(rejected)/\(unanswerable)")
        }
        dispatcher.closeSession(session)
        await host.shutdown()
    }

    static func row(_ name: String, _ values: [Double]) -> String {
        let sorted = values.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        let mean = values.reduce(0, +) / Double(max(values.count, 1))
        return "| \(name) | "
            + [percentile(0.5), percentile(0.9), percentile(0.99), sorted.last ?? 0, mean]
            .map { String(format: "%.1f", $0) }.joined(separator: " | ") + " |"
    }

    static let extraQuestions = [
        "Vous êtes ouverts demain matin ?", "C'est où le cabinet du Dr Roux ?", "je voudrais parler a la sage femme",
        "Le cabinet est fermé à Noël ?", "Quel est le numéro du secrétariat ?"
    ]

    /// Deterministic staff entries about other front-desk subjects, in the style of a real FAQ.
    static func generatedEntries(count: Int) -> [(id: String, questions: [String], answer: String)] {
        let subjects = [
            "l'électrocardiogramme", "les sutures", "le retrait des fils", "la vaccination des voyageurs", "le certificat de décès",
            "l'arrêt de travail", "la déclaration de grossesse", "le dossier MDPH", "le permis de conduire", "la médecine du travail",
            "les bas de contention", "le test antigénique", "la spirométrie", "l'holter tensionnel", "le frottis de dépistage",
            "le bilan de la thyroïde", "le suivi du diabète", "l'allergologie", "l'ostéopathie", "la kinésithérapie",
            "la diététique", "le sevrage tabagique", "la contraception", "le stérilet", "l'implant contraceptif",
            "la podologie", "l'orthophonie", "la psychologue", "le dépistage du cancer", "la mammographie",
            "le carnet de vaccination", "la visite à domicile", "le transport en ambulance", "le bon de transport", "l'ALD",
            "le dossier médical partagé", "la lettre d'adressage", "le courrier au spécialiste", "l'échographie", "la radiographie"
        ]
        let contexts = [
            "pour un enfant", "le samedi", "à domicile", "en urgence", "pour une personne âgée", "sans rendez-vous",
            "pour le travail", "avant un voyage", "pendant la grossesse", "en fin de journée", "pour un étudiant",
            "avec la mutuelle"
        ]
        var result: [(String, [String], String)] = []
        var i = 0
        while result.count < count {
            let subject = subjects[i % subjects.count]
            let context = contexts[(i / subjects.count) % contexts.count]
            result.append(
                (
                    String(format: "bench-%04d", i),
                    [
                        "Est-ce que vous vous occupez de \(subject) \(context) ?",
                        "Comment se passe \(subject) \(context) ?",
                        "Qui faut-il voir pour \(subject) \(context) ?"
                    ],
                    "Pour \(subject) \(context), le secrétariat vous indique le praticien concerné et les pièces à prévoir."
                ))
            i += 1
        }
        return result
    }
}
