import Foundation

/// Labelled patient questions: `Docs/faq/questions.tsv` (`question <TAB> expected <TAB> site`) and
/// the halves of the independent set, `Docs/faq/eval-tune.tsv` and `eval-heldout.tsv` (a fourth
/// column, `form`: plain, sms, noaccent, typo, name, english, polite, voice, offtopic).
/// `expected` is an entry id, several ids separated by `|` when the example practice has two
/// entries that answer the question, or `none` for a question the FAQ cannot answer.
struct QuestionSet {
    struct Case: Sendable {
        var question: String
        /// Acceptable entry ids; empty for a question the FAQ cannot answer.
        var expected: Set<String>
        var siteId: String?
        var form: String = ""
    }

    static let url = repositoryRoot.appendingPathComponent("Docs/faq/questions.tsv")
    /// The tuning half of the independent set (the only half the matcher was tuned on).
    static let tuneURL = repositoryRoot.appendingPathComponent("Docs/faq/eval-tune.tsv")
    /// The held-out half: evaluated, never tuned on.
    static let heldOutURL = repositoryRoot.appendingPathComponent("Docs/faq/eval-heldout.tsv")

    /// The blind set: written after the matcher was tuned, by someone who read neither the matcher
    /// nor the other sets, and evaluated once (Docs/faq/README.md).
    static let blindURL = repositoryRoot.appendingPathComponent("Docs/faq/eval-blind.tsv")

    /// The second blind set, written during the third round of tuning by someone who read neither
    /// the matcher nor the other sets; evaluated once, after that round (Docs/faq/README.md).
    static let blind2URL = repositoryRoot.appendingPathComponent("Docs/faq/eval-blind2.tsv")

    /// The third blind set, written on 2026-12-07 by someone who read neither the matcher, its
    /// documentation beyond the list of entries, nor any other set; evaluated once, on a matcher that
    /// had not changed since the second (Docs/faq/README.md).
    static let blind3URL = repositoryRoot.appendingPathComponent("Docs/faq/eval-blind3.tsv")
    /// The fourth blind set (418 questions), written on 2026-12-07 during the fourth round of tuning by
    /// a contributor who read only the entries, the example practice and the set's format; kept outside
    /// the tuner's reach and evaluated once, after the round's last change (Docs/faq/README.md).
    static let blind4URL = repositoryRoot.appendingPathComponent("Docs/faq/eval-blind4.tsv")

    static func load(_ url: URL = url) throws -> [Case] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard columns.count >= 2 else { return nil }
            let expected = columns[1] == "none" ? [] : Set(columns[1].split(separator: "|").map(String.init))
            let site = columns.count > 2 && !columns[2].isEmpty ? columns[2] : nil
            return Case(question: columns[0], expected: expected, siteId: site, form: columns.count > 3 ? columns[3] : "")
        }
    }
}
