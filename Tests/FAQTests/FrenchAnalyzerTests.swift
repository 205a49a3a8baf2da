import FAQ
import Testing

@Suite("FrenchAnalyzer")
struct FrenchAnalyzerTests {
    let analyzer = FrenchAnalyzer()

    @Test(
        "folds case and accents, splits elisions and hyphens",
        arguments: [
            ("Où êtes-vous ?", ["où", "etes", "vous"]),
            ("L'ŒUVRE de Noël à Ça", ["l", "oeuvre", "de", "noel", "a", "ca"]),
            ("qu’est-ce que c'est", ["qu", "est", "ce", "que", "c", "est"]),
            ("aujourd'hui, rendez-vous", ["aujourdhui", "rendez", "vous"]),
            ("ou bien", ["ou", "bien"])
        ])
    func tokenizes(text: String, expected: [String]) {
        #expect(FrenchTokenizer().words(text) == expected)
    }

    @Test(
        "drops stop words and elided fragments, keeps où and quand",
        arguments: [
            ("Est-ce que vous pouvez me dire où est le cabinet ?", ["où", "cabinet"]),
            ("Quand l'infirmière passe-t-elle ?", ["quand", "infirmiere", "passe"]),
            ("j'aimerais savoir s'il y a un parking", ["parking"]),
            ("c koi les horaires", ["horaires"])
        ])
    func contentWords(text: String, expected: [String]) {
        #expect(analyzer.contentWords(text) == expected)
    }

    @Test(
        "stems inflections together",
        arguments: [
            ["renouvellement", "renouveler", "renouvelle", "renouvellements"],
            ["consultation", "consulter", "consultations", "consulte"],
            ["fermé", "fermez", "fermer", "fermée"],
            ["ouvert", "ouverts", "ouverte", "ouverture"],
            ["horaire", "horaires"],
            ["annulation", "annuler", "annulé"],
            ["hôpital", "hôpitaux"]
        ])
    func stems(words: [String]) {
        let stems = Set(words.map { FrenchStemmer().stem(FrenchTokenizer().fold($0)) })
        #expect(stems.count == 1, "\(words) → \(stems)")
    }

    @Test(
        "keeps unrelated words apart",
        arguments: [
            ("traitement", "traitant"),
            ("vaccin", "vacances"),
            ("heure", "heureux")
        ])
    func stemsApart(a: String, b: String) {
        let stemmer = FrenchStemmer()
        let tokenizer = FrenchTokenizer()
        #expect(stemmer.stem(tokenizer.fold(a)) != stemmer.stem(tokenizer.fold(b)))
    }

    @Test(
        "maps synonyms to one concept",
        arguments: [
            ("horaires", "#hours"), ("heures", "#hours"), ("fermeture", "#hours"),
            ("mutuelle", "#insurance"), ("complémentaire", "#insurance"),
            ("ordonnance", "#prescription"), ("renouveler", "#prescription"),
            ("rdv", "#appointment"), ("rendez-vous", "#appointment"),
            ("où", "#location"), ("situé", "#location"),
            ("tel", "#phone"), ("courriel", "#email"), ("e-mail", "#email"), ("télécopie", "#fax"),
            ("carte Vitale", "#vitale-card"), ("tiers payant", "#third-party-payment"),
            ("dr", "#doctor"), ("médecin traitant", "#new-patient"),
            ("stationnement", "#parking"), ("se garer", "#parking"),
            ("prise de sang", "#blood-test")
        ])
    func concepts(text: String, concept: String) {
        let concepts = analyzer.analyze(text).flatMap(\.concepts)
        #expect(concepts.contains(concept), "\(text) → \(concepts)")
    }

    @Test("a phrase's words lose their own concepts")
    func phraseSuppressesWordConcepts() {
        let concepts = analyzer.analyze("mon médecin traitant").flatMap(\.concepts)
        #expect(concepts == ["#new-patient"])
    }

    @Test("ou without accent is the conjunction, où is a place")
    func ouAndOu() {
        #expect(analyzer.analyze("le matin ou le soir").allSatisfy { !$0.concepts.contains("#location") })
        #expect(analyzer.analyze("où").first?.concepts == ["#location"])
    }

    @Test(
        "corrects typos against the vocabulary, with a penalty",
        arguments: [
            ("horraires", "horaires", 1), // 9 letters: up to 2 edits
            ("ordonance", "ordonnance", 1),
            ("parkign", "parking", 1), // transposition counts as one edit
            ("renouvelemnet", "renouvellement", 2)
        ])
    func typos(typed: String, known: String, distance: Int) throws {
        let vocabulary = TypoVocabulary(wordCounts: [known: 1, "cabinet": 3], stems: [])
        let token = try #require(analyzer.analyze(typed, vocabulary: vocabulary, typoPenalty: 0.5).first)
        #expect(token.word == known)
        #expect(token.weight == Double(1 << distance).reciprocal)
    }

    @Test("leaves short or distant words alone", arguments: ["sang", "chaussures", "cabinot2"])
    func noTypo(word: String) {
        let vocabulary = TypoVocabulary(wordCounts: ["sage": 1, "chaussee": 1, "cabinet": 1], stems: [])
        #expect(analyzer.analyze(word, vocabulary: vocabulary).first?.weight == 1)
    }

    @Test(
        "names spelt as they sound share a phonetic key",
        arguments: [
            ("nouillen", "nguyen"), ("rou", "roux"), ("benalli", "benali"), ("telefone", "telephone"), ("benaly", "benali")
        ])
    func phonetic(a: String, b: String) {
        #expect(FrenchPhonetic.key(a) == FrenchPhonetic.key(b))
    }

    @Test(
        "an unaccented ou asking a place is où; between two words it is the conjunction",
        arguments: [
            ("c ou le cabinet", true), ("vous etes ou", true), ("ou est le cabinet", true), ("le cabinet se trouve ou exactement", true),
            ("le matin ou le soir", false), ("ouvert ou ferme", false)
        ])
    func ouFromContext(text: String, locative: Bool) {
        #expect(analyzer.contentWords(text).contains("où") == locative, "\(analyzer.contentWords(text))")
    }

    @Test(
        "English front-desk words are read as French, SMS forms written in full",
        arguments: [
            ("what is the address?", ["adresse"]),
            ("are you open now", ["ouvert", "maintenant"]),
            ("c koi vot num de tel", ["numero", "telephone"])
        ])
    func englishAndSMS(text: String, expected: [String]) {
        #expect(analyzer.contentWords(text) == expected)
    }

    @Test("a misspelt practitioner's name becomes the name, an unknown doctor is something else")
    func practitionersNames() {
        let analyzer = FrenchAnalyzer(names: ["Dr Émilie Roux", "Dr Thomas Nguyen", "Dr Karim Benali"])
        let vocabulary = TypoVocabulary(wordCounts: ["cabinet": 1], stems: [])
        for (typed, name) in [("rou", "roux"), ("nouillen", "nguyen"), ("benalli", "benali")] {
            let token = analyzer.analyze("docteur \(typed)", vocabulary: vocabulary).last
            #expect(token?.word == name)
            #expect(token?.concepts == [FrenchAnalyzer.practitionerName])
        }
        #expect(analyzer.analyze("docteur lambert", vocabulary: vocabulary).last?.isElsewhere == true)
        #expect(analyzer.analyze("madame durand consulte", vocabulary: vocabulary).first?.isElsewhere == true)
        let withMartin = FrenchAnalyzer(names: ["Dr Claire Martin"])
        let martinez = withMartin.analyze("dr martinez", vocabulary: TypoVocabulary(wordCounts: ["martin": 1], stems: ["martin"])).last
        #expect(martinez?.isElsewhere == true && martinez?.stem == "martinez")
        #expect(analyzer.analyze("cabiner", vocabulary: vocabulary).first?.word == "cabinet")
    }

    @Test("no word naming something else shares its stem with a word of the front desk's concepts")
    func elsewhereNeverShadowsAConcept() {
        let lexicon = FrenchLexicon.standard
        let tokenizer = FrenchTokenizer()
        let stemmer = FrenchStemmer()
        let conceptStems = Set(lexicon.concepts.values.joined().flatMap(tokenizer.words).map(stemmer.stem))
        let clashes = analyzer.elsewhereStems.filter { conceptStems.contains($0) && !FrenchStopWords.words.contains($0) }
        #expect(clashes.isEmpty, "\(clashes.sorted())")
    }

    @Test("other places, medical advice and phrases are something else; a landmark and an offered service are not")
    func somethingElse() {
        func elsewhere(_ text: String, _ analyzer: FrenchAnalyzer = FrenchAnalyzer()) -> [String] {
            analyzer.analyze(text).filter(\.isElsewhere).map(\.word)
        }
        #expect(elsewhere("la poste ouvre à quelle heure") == ["poste"])
        #expect(elsewhere("numero de la gendarmerie svp") == ["gendarmerie"])
        #expect(elsewhere("kel temps demain") == ["quel_temps"])
        #expect(elsewhere("j'ai oublié mon mot de passe") == ["mot_de_passe"])
        #expect(analyzer.analyze("du sirop pour la toux").allSatisfy { $0.isElsewhere && $0.isAdvice })
        #expect(elsewhere("je viens à pied depuis la gare").isEmpty)
        #expect(elsewhere("je suis devant la pharmacie").isEmpty)
        #expect(elsewhere("un certificat pour la piscine").isEmpty)
        #expect(elsewhere("les horaires de la piscine") == ["piscine"])
        #expect(elsewhere("what time does the bank open") == ["the_bank"])
        #expect(elsewhere("vous avez un psychologue") == ["psychologue"])
        #expect(elsewhere("vous avez un psychologue", FrenchAnalyzer(offered: ["Psychologie : Mme Durand, psychologue"])).isEmpty)
    }

    @Test("an unknown place whose hours, address or number are asked is something else; a known one is not")
    func unknownOwner() {
        let vocabulary = TypoVocabulary(wordCounts: ["cabinet": 1, "secretariat": 1, "numero": 1, "horaires": 1], stems: [])
        func elsewhere(_ text: String) -> [String] {
            analyzer.analyze(text, vocabulary: vocabulary).filter(\.isElsewhere).map(\.word)
        }
        #expect(elsewhere("le numéro de la fourrière") == ["fourriere"])
        #expect(elsewhere("la ludothèque est ouverte ?") == ["ludotheque"])
        #expect(elsewhere("horaires du secrétariat").isEmpty)
        #expect(elsewhere("le numéro du cabinet").isEmpty)
        #expect(elsewhere("fourrière").isEmpty) // unknown, but not asked of
        #expect(elsewhere("le numéro du cabinet antipoison") == ["antipoison"]) // the second word after the attribute
        #expect(elsewhere("allô, c'est madame Girard, je serai en retard").isEmpty) // the caller's own name
        #expect(elsewhere("vous connaissez madame Girard ?") == ["girard"])
    }

    @Test("clauses: punctuation and conjunctions start one; a clause opening with je, mon… or parce que is an aside")
    func clauses() {
        let tokens = analyzer.analyze("Bonjour, je suis enceinte de trois mois et je voulais savoir si vous faites le suivi de grossesse")
        #expect(tokens.map(\.clause) == [1, 1, 1, 2, 2])
        #expect(tokens.first { $0.word == "enceinte" }?.isAside == true)
        let plain = analyzer.analyze("La CPAM, c'est quel numéro ?")
        #expect(plain.map(\.clause) == [0, 1])
        #expect(plain.allSatisfy { !$0.isAside })
        #expect(analyzer.analyze("les horaires svp parce que je travaille tard").filter(\.isAside).map(\.word) == ["parce", "travaille", "tard"])
    }

    @Test(
        "cb is combien when asking how much or how many, the bank card otherwise",
        arguments: [
            ("c cb la consult", ["combien", "consult"]),
            ("ya cb de medecins", ["combien", "medecins"]),
            ("vous prenez la cb", ["prenez", "carte", "bancaire"]),
            ("cb ok ?", ["carte", "bancaire"])
        ])
    func cb(text: String, expected: [String]) {
        #expect(analyzer.contentWords(text) == expected)
    }

    @Test("a 4-letter word is only completed by a missing letter")
    func shortWords() {
        let vocabulary = TypoVocabulary(wordCounts: ["email": 1, "sage": 1], stems: [])
        #expect(vocabulary.correction(for: "emal")?.word == "email")
        #expect(vocabulary.correction(for: "sang") == nil)
    }

    @Test(
        "Damerau-Levenshtein distance",
        arguments: [
            ("abcdef", "abcdef", 0), ("abcdef", "abdcef", 1), ("abcdef", "abcde", 1),
            ("abcdef", "azcdef", 1), ("abcdef", "badcfe", 3)
        ])
    func distance(a: String, b: String, expected: Int) {
        #expect(DamerauLevenshtein.distance(Array(a.utf8), Array(b.utf8), limit: 5) == expected)
        #expect(DamerauLevenshtein.distance(Array(a.utf8), Array(b.utf8), limit: expected - 1) == nil || expected == 0)
    }
}

extension Double {
    fileprivate var reciprocal: Double { 1 / self }
}
