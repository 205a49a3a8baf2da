package import Foundation

/// A phrasing worth adding to an entry (`faq.suggestions`): secretaries chose `entryId` for it at
/// least `count` times while `faq.ask` refused it or answered with another entry.
///
/// Phrasings are counted together by their key (`FrenchAnalyzer.key`: content words, folded), so
/// `c koi vos horaires` and `C'est quoi vos horaires ?` are one suggestion; its `question` is the
/// wording seen most often (the latest on a tie). The id is stable: a hash of the entry and the key.
package struct FAQSuggestion: Sendable, Encodable, Hashable {
    package var id: String
    package var entryId: String
    package var question: String
    package var count: Int
    package var firstAt: Date
    package var lastAt: Date
    /// What `faq.ask` answers for the phrasing now, with confidence (`nil`: it refuses).
    package var answeredNow: String?

    /// The suggestions from `feedback`, most seen first, for entries still visible whose phrasings
    /// do not already include the key and that `faq.ask` does not already answer right.
    static func compute(
        feedback: [FAQFeedback], knowledgeBase: FAQKnowledgeBase, entryId: String?, minCount: Int,
        now: Date
    ) -> [FAQSuggestion] {
        struct Group {
            var texts: [String: (count: Int, last: Date)] = [:]
            var count = 0
            var first: Date
            var last: Date
            var site: String?
        }
        var groups: [String: [String: Group]] = [:]
        for row in feedback {
            guard let chosen = row.entryId, chosen != row.answeredEntryId else { continue }
            if let entryId, chosen != entryId { continue }
            var group = groups[chosen]?[row.key] ?? Group(first: row.recordedAt, last: row.recordedAt, site: row.siteId)
            group.count += 1
            group.first = min(group.first, row.recordedAt)
            group.last = max(group.last, row.recordedAt)
            let seen = group.texts[row.question] ?? (0, row.recordedAt)
            group.texts[row.question] = (seen.count + 1, max(seen.last, row.recordedAt))
            groups[chosen, default: [:]][row.key] = group
        }
        let analyzer = knowledgeBase.questionAnalyzer
        var result: [FAQSuggestion] = []
        for (chosen, byKey) in groups {
            guard let record = knowledgeBase.record(chosen, siteId: nil, now: now) else { continue }
            let known = Set(record.questions.map(analyzer.key))
            for (key, group) in byKey where group.count >= minCount && !known.contains(key) {
                let question = group.texts.max { a, b in
                    a.value.count != b.value.count
                        ? a.value.count < b.value.count
                        : a.value.last != b.value.last ? a.value.last < b.value.last : a.key > b.key
                }!.key
                let reply = knowledgeBase.ask(question, siteId: group.site, limit: 1, now: now)
                let answeredNow = reply.confident ? reply.answers.first?.entryId : nil
                guard answeredNow != chosen else { continue }
                result.append(
                    FAQSuggestion(
                        id: id(entryId: chosen, key: key), entryId: chosen, question: question,
                        count: group.count, firstAt: group.first, lastAt: group.last, answeredNow: answeredNow))
            }
        }
        return result.sorted { a, b in
            a.count != b.count ? a.count > b.count : a.lastAt != b.lastAt ? a.lastAt > b.lastAt : a.id < b.id
        }
    }

    /// `sug-` and 16 hex digits of the FNV-1a hash of the entry id and the key.
    static func id(entryId: String, key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(entryId.utf8) + [0] + Array(key.utf8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "sug-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
