/// A content word of a text after analysis: its stem, the concepts it stands for, and how
/// much it should count (less than 1 when it was reached through typo correction).
package struct AnalyzedToken: Sendable, Hashable {
    /// The light stem of the (possibly corrected) folded word, e.g. `horair` for "Horaires".
    package var stem: String
    /// Canonical concepts (`#hours`, `#insurance`) the word, or a phrase starting at it, names.
    package var concepts: [String]
    /// 1 for a word as typed, `typoPenalty^distance` for a corrected word.
    package var weight: Double
    /// The folded word the stem comes from, after correction.
    package var word: String
    /// Whether the word names something other than the practice's front desk: a word of
    /// `FrenchLexicon.elsewhere`, or a doctor's name that is not one of the practitioners'.
    package var isElsewhere: Bool
    /// Whether the word is one of medical advice (a medicine, a dose, a symptom): something else
    /// too, but often said in passing by a patient asking the practice (`mon fils a de la fièvre,
    /// qui appeler la nuit ?`), so it weighs less (`FAQSearchConfiguration.adviceWeight`).
    package var isAdvice: Bool
    /// The clause of the text the word is in (0 for the first; punctuation and `et`, `mais`,
    /// `parce que`… start a new one).
    package var clause: Int = 0
    /// Whether the word's clause tells the patient's situation rather than asks (`je suis enceinte
    /// de trois mois`, `parce que je travaille tard`): see `FrenchAnalyzer`.
    package var isAside: Bool = false
    /// Whether the word names whose hours, address or number are asked (`les horaires de la
    /// pharmacie`, `la CPAM est ouverte ?`): an entry that only mentions it in its answer does not
    /// answer for it.
    package var isOwner: Bool = false

    package init(stem: String, concepts: [String], weight: Double, word: String, isElsewhere: Bool = false, isAdvice: Bool = false) {
        self.isAdvice = isAdvice
        self.stem = stem
        self.concepts = concepts
        self.weight = weight
        self.word = word
        self.isElsewhere = isElsewhere
    }
}
