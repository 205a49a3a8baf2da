import Foundation
import Practice

/// What a patient's SMS reply to a reminder or an offer means.
///
/// The text is folded (case, accents, punctuation) and read word by word: `OUI`, `CONFIRME`,
/// `CONFIRMER`, `OK`, `D'ACCORD` (alone or with `merci`, `bien`, `c'est`…) confirm; `ANNULER`,
/// `ANNULE`, `ANNULATION` cancel; `STOP`, `ARRET`, `STOP SMS` opt out; `NON` declines an offer
/// (and, to a reminder, is something else: "non je ne peux pas" needs a secretary). Anything
/// longer or mixed ("oui mais je serai en retard") is `other`: a person reads it.
package enum PatientReply: Equatable, Sendable {
    case confirm, cancel, stop, decline
    case other

    static let confirmWords: Set<String> = ["OUI", "CONFIRME", "CONFIRMER", "CONFIRMEE", "CONFIRMATION", "OK", "OKAY", "DACCORD", "ACCORD", "YES", "OUAIS"]
    static let cancelWords: Set<String> = ["ANNULER", "ANNULE", "ANNULEE", "ANNULATION", "ANNUL"]
    static let stopWords: Set<String> = ["STOP", "ARRET", "ARRETER", "STOPSMS", "DESINSCRIPTION"]
    static let declineWords: Set<String> = ["NON", "NO"]
    /// Words that may go with a keyword without changing what it says.
    static let courtesy: Set<String> = [
        "MERCI", "BEAUCOUP", "BIEN", "SUR", "CEST", "JE", "CONFIRME", "BONNE", "JOURNEE", "SOIREE",
        "D", "BONJOUR", "BONSOIR", "MADAME", "MONSIEUR", "DOCTEUR", "A", "DEMAIN", "SMS", "LE", "RDV",
        "MON", "PARFAIT", "TRES", "VOUS", "POUR"
    ]

    package init(_ text: String) {
        let folded = TextFolding.fold(text).uppercased()
        let words = folded.replacingOccurrences(of: "'", with: "").replacingOccurrences(of: "’", with: "")
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard !words.isEmpty, words.count <= 8 else {
            self = .other
            return
        }
        let joined = words.joined()
        if Self.stopWords.contains(joined) {
            self = .stop
            return
        }
        let keywords = words.filter { !Self.courtesy.contains($0) || Self.confirmWords.contains($0) }
        let kinds = Set(keywords.compactMap(Self.kind(of:)))
        let unknown = keywords.filter { Self.kind(of: $0) == nil }
        guard unknown.isEmpty, kinds.count == 1, let kind = kinds.first else {
            // "merci" alone, or words that mean more than a keyword: a person reads it.
            self = .other
            return
        }
        self = kind
    }

    private static func kind(of word: String) -> PatientReply? {
        if stopWords.contains(word) { return .stop }
        if cancelWords.contains(word) { return .cancel }
        if confirmWords.contains(word) { return .confirm }
        if declineWords.contains(word) { return .decline }
        return nil
    }
}
