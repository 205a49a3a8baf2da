/// The tuning of an `FAQIndex`: BM25 parameters, field weights, typo and concept weights,
/// and the confidence threshold under which a search has no confident answer.
package struct FAQSearchConfiguration: Sendable, Hashable {
    /// BM25 term-frequency saturation.
    package var k1: Double = 1.2
    /// BM25 length normalisation.
    package var b: Double = 0.6
    /// Weight of a question phrasing (only the best phrasing of an entry counts).
    package var phrasingWeight: Double = 1.0
    /// Weight of the keywords of an entry.
    package var keywordWeight: Double = 0.8
    /// Weight of the answer text.
    package var answerWeight: Double = 0.25
    /// Weight of a concept term relative to the stem it comes from.
    package var conceptWeight: Double = 0.9
    /// Weight of a corrected word is `typoPenalty^distance`.
    package var typoPenalty: Double = 0.7
    /// Share of a question word's weight credited when only one of its concepts matches.
    package var conceptCredit: Double = 0.8
    /// Share credited when the word only matches the answer text.
    package var answerCredit: Double = 0.4
    /// Share of the confidence that comes from covering the question (the rest comes from
    /// covering the matched phrasing).
    package var questionCoverageShare: Double = 0.85
    /// How much more a question word naming another place or service (`FrenchLexicon.elsewhere`)
    /// weighs in the question's mass when the entry does not account for it.
    package var elsewhereWeight: Double = 5
    /// The confidence of an entry is multiplied by this when the question names another place or
    /// service that the entry does not account for.
    package var elsewherePenalty: Double = 0.5
    /// Share credited to a word naming something else when only the entry's answer mentions it
    /// (`le parking de la mairie`: the parking entry's answer names the town hall's car park).
    package var elsewhereAnswerCredit: Double = 0.2
    /// How much more a word of medical advice (`FrenchLexicon.advice`: a medicine, a dose, a
    /// symptom) weighs when the entry does not account for it.
    package var adviceWeight: Double = 2
    /// The confidence is multiplied by this when the question has a word of medical advice the entry
    /// does not account for (and no other word naming something else).
    package var advicePenalty: Double = 0.8
    /// Share of the rarest term's weight that a question word the index has never seen weighs.
    package var unknownWeight: Double = 0.75
    /// How much a word weighs in the confidence when its clause tells the patient's situation (`je
    /// suis enceinte de trois mois`, `parce que je travaille tard`: `AnalyzedToken.isAside`) and no
    /// word of that clause is accounted for by the entry. Ranking by score is unaffected.
    package var asideWeight: Double = 1
    /// The confidence is multiplied by this when a word of the question the index has never seen
    /// (not a typo of a known word, not a number, not in an aside) is not accounted for by the entry:
    /// the question most likely asks about that (`le numéro du centre antipoison`).
    package var unexplainedPenalty: Double = 1
    /// When above 0, the question coverage is at least this share of the coverage of the question's
    /// best clause of two content words or more (clauses: `AnalyzedToken.clause`), so that what
    /// surrounds the question asked does not dilute it.
    package var clauseShare: Double = 0
    /// How much a practitioner's name weighs in the confidence, relative to its IDF: a name says
    /// whom the question is about, the other words what it asks (`le Dr Benali fait les
    /// certificats de sport ?` is the sports certificate, not the list of practitioners).
    package var nameWeight: Double = 0.25
    /// The confidence is multiplied by this when the question names a practitioner and the entry's
    /// answer names other practitioners but not this one (`Julie Lefebvre prend de nouvelles
    /// patientes ?` and an answer about the doctors who do).
    package var otherNamePenalty: Double = 0.7
    /// How many of the best entries by score are ranked again by confidence.
    package var rerankDepth: Int = 8
    /// Matches under this confidence are not confident answers.
    package var confidenceThreshold: Double = 0.235

    package init() {}
}
