import Foundation

/// Turns a French question or answer into weighted content tokens: stems plus the
/// canonical concepts they name.
///
/// The pipeline, in order:
/// 1. `FrenchTokenizer`: lowercase, fold accents, split elisions, hyphens and punctuation.
/// 2. Phrases naming something else (`mot de passe`, `quel temps`, `carte grise`) become one word;
///    SMS abbreviations are written in full (`rdv` → `rendez-vous`, `koi` → `quoi`, `cb` →
///    `combien` or the bank card from context), English words of the front desk are put in French
///    (`address` → `adresse`), and an unaccented `ou` that asks a place (`c ou le cabinet`, `vous
///    etes ou`) becomes `où` (see `isLocative`).
/// 3. Stop words (`FrenchStopWords`) and single letters are dropped; digits are kept.
/// 4. A word of `FrenchLexicon.elsewhere` (another place, service or matter; medical advice) is
///    marked as such, unless it is a landmark (`depuis la gare`). An unknown word that is not a typo
///    and names whose hours, address or number are asked (`le numéro de la fourrière`) is marked too.
///    A word that sounds or is spelt nearly like a practitioner's name (from the configuration)
///    becomes that name and names the concept `#practitioner-name` (`dr rou` → Roux).
///    Otherwise, with a `TypoVocabulary`, an unknown word is replaced by its closest known word
///    and weighted `typoPenalty^distance`.
/// 5. `FrenchStemmer` gives each word its stem.
/// 6. `FrenchLexicon` phrases (longest first) and then single words add concepts.
///
/// The analyzer holds no mutable state; analysing is a pure function of the text.
package struct FrenchAnalyzer: Sendable {
    package let tokenizer = FrenchTokenizer()
    package let stemmer = FrenchStemmer()
    package let stopWords: Set<String>
    private let conceptsByStem: [String: [String]]
    private let phrasesByFirstStem: [String: [(stems: [String], concept: String)]]
    private let abbreviations: [String: [String]]
    /// The folded content words of the lexicon, to seed a `TypoVocabulary`.
    package let lexiconWords: Set<String>
    /// Folded words of practitioners' names (`roux`, `nguyen`), with their phonetic keys.
    private let names: [(word: String, bytes: [UInt8], key: String)]
    private let nameWords: Set<String>
    /// Stems of the lexicon's `elsewhere` words: another place, service or matter.
    package let elsewhereStems: Set<String>
    /// The folded `elsewhere` words themselves, and each `elsewhere` phrase as one word (its folded
    /// words joined by `_`).
    package let elsewhereWords: Set<String>
    /// The `elsewhere` words that ask for medical advice (`ElsewhereLexicon.medicalAdvice`), and their stems.
    private let adviceWords: Set<String>
    private let adviceStems: Set<String>
    /// Folded `elsewhere` phrases by their first word, longest first.
    private let elsewherePhrases: [String: [[String]]]
    /// The concept a practitioner's name stands for.
    package static let practitionerName = "#practitioner-name"

    /// - Parameters:
    ///   - names: practitioners' names as configured (`Dr Émilie Roux`); titles are ignored.
    ///   - offered: texts saying what the practice offers (its specialties and services): a word of
    ///     `FrenchLexicon.elsewhere` with the same stem as one of their words is not "something
    ///     else" here (a practice with a psychologist answers about psychologists).
    package init(
        lexicon: FrenchLexicon = .standard, stopWords: Set<String> = FrenchStopWords.words, names: [String] = [],
        offered: [String] = []
    ) {
        self.stopWords = stopWords
        let tokenizer = FrenchTokenizer()
        let stemmer = FrenchStemmer()
        var abbreviations: [String: [String]] = [:]
        for (word, french) in lexicon.english {
            abbreviations[tokenizer.fold(word)] = tokenizer.words(french)
        }
        for (short, full) in lexicon.abbreviations {
            abbreviations[tokenizer.fold(short)] = tokenizer.words(full)
        }
        var nameList: [(word: String, bytes: [UInt8], key: String)] = []
        var nameWords = Set<String>()
        for name in names {
            for word in tokenizer.words(name) where word.utf8.count >= 3 && !Self.titles.contains(word) && !stopWords.contains(word) {
                if nameWords.insert(word).inserted { nameList.append((word, Array(word.utf8), FrenchPhonetic.key(word))) }
            }
        }
        let offeredStems = Set(offered.flatMap(tokenizer.words).map(stemmer.stem))
        var elsewhereWords = Set(lexicon.elsewhere.flatMap(tokenizer.words).filter { !offeredStems.contains(stemmer.stem($0)) })
        self.elsewhereStems = Set(elsewhereWords.map(stemmer.stem))
        var elsewherePhrases: [String: [[String]]] = [:]
        for phrase in lexicon.elsewherePhrases {
            let words = tokenizer.words(phrase)
            guard let first = words.first, words.count > 1 else { continue }
            elsewherePhrases[first, default: []].append(words)
            elsewhereWords.insert(words.joined(separator: "_"))
        }
        for key in elsewherePhrases.keys { elsewherePhrases[key]!.sort { $0.count > $1.count } }
        self.elsewhereWords = elsewhereWords
        self.elsewherePhrases = elsewherePhrases
        self.adviceWords = Set(lexicon.advice.map { tokenizer.words($0).joined(separator: "_") }).intersection(elsewhereWords)
        self.adviceStems = Set(adviceWords.map(stemmer.stem))
        self.names = nameList
        self.nameWords = nameWords
        var conceptsByStem: [String: [String]] = [:]
        var phrases: [String: [(stems: [String], concept: String)]] = [:]
        var lexiconWords: Set<String> = []
        for (concept, terms) in lexicon.concepts.sorted(by: { $0.key < $1.key }) {
            for term in terms {
                let words = tokenizer.words(term).filter { !stopWords.contains($0) && !Self.isSingleLetter($0) }
                lexiconWords.formUnion(words)
                let stems = words.map(stemmer.stem)
                if stems.count == 1 {
                    if conceptsByStem[stems[0], default: []].contains(concept) == false {
                        conceptsByStem[stems[0], default: []].append(concept)
                    }
                } else if let first = stems.first {
                    phrases[first, default: []].append((stems, concept))
                }
            }
        }
        for key in phrases.keys {
            phrases[key]!.sort { $0.stems.count > $1.stems.count }
        }
        self.abbreviations = abbreviations
        self.conceptsByStem = conceptsByStem
        self.phrasesByFirstStem = phrases
        self.lexiconWords = lexiconWords
    }

    /// The folded content words of `text`: abbreviations expanded, stop words and single
    /// letters dropped. No stemming, no correction.
    package func contentWords(_ text: String) -> [String] {
        markedContentWords(text).map(\.word)
    }

    /// `contentWords`, each marked when it is a landmark: the first content word within three words
    /// after `depuis`, `devant`, `près`, `à côté`, `en face`, `derrière`, `de la part de`, `je suis à`
    /// (`je suis devant la mairie`, `à pied depuis la gare`), where another place only says where the
    /// patient is, or after `pour` following a document asked for (`un certificat pour la piscine`);
    /// and when it names whose hours, address or number are asked (`owner`): the two content words
    /// after `horaires de`, `adresse du`, `numéro de la`… (`le numéro de la fourrière`), or a word
    /// between an article and `est`, `ouvre`, `ferme`… (`la ludothèque est ouverte ?`); and when it
    /// follows a title (`titled`: `Madame Durand`, `Dr Mercier`).
    ///
    /// Each word also carries its clause (`clause`: punctuation, `et`, `mais`, `parce que`, `car`,
    /// `comme`, `puisque` start a new one) and whether that clause tells the patient's situation
    /// (`aside`: it opens, after fillers, with `je`, `j'`, `mon`, `ma`, `mes`, `on`, `nous`, or is
    /// introduced by `parce que`, `car`, `comme`, `puisque`: `je suis enceinte de trois mois`, `mon
    /// médecin part à la retraite`).
    private func markedContentWords(_ text: String) -> [MarkedWord] {
        var result: [MarkedWord] = []
        let (words, breaks) = tokenizer.wordsAndBreaks(text)
        let (clauses, asides) = Self.clauses(words, breaks: breaks)
        var skip = 0
        var landmarkUntil = -1
        var ownerWords = 0
        var ownerUntil = -1
        var ownerStart = -1
        let sending = Self.sendsToPractice(words)
        let schedule = Self.asksTransportTimes(words)
        let runningOut = Self.runsOutOfTreatment(words)
        func append(_ word: String, _ index: Int) {
            let following = index > ownerStart && index <= ownerUntil // not the attribute word itself
            let ownerOfAttribute = following && ownerWords < 2
            let owner =
                ownerOfAttribute
                || (index > 0 && Self.articles.contains(words[index - 1]) && index + 1 < words.count
                    && Self.openingPredicates.contains(words[index + 1]))
            if following { ownerWords += 1 }
            let titled = index > 0 && Self.personTitles.contains(words[index - 1])
            var marked = MarkedWord(word: word, landmark: index <= landmarkUntil, owner: owner, titled: titled, clause: clauses[index], aside: asides[index])
            marked.ownerOfAttribute = ownerOfAttribute
            marked.sender = sending && !ownerOfAttribute
            marked.treatment = runningOut
            marked.afterPr = index > 0 && words[index - 1] == "pr"
            // "le bus 4 passe à quelle heure ?": the bus's times, not the way to the practice.
            if schedule, Self.vehicles.contains(word) { marked.elsewhere = true }
            // "le numéro de la CPAM", "la CPAM est ouverte ?": the insurer's own office, not the practice's insurance.
            if Self.insuranceBodies.contains(word), ownerOfAttribute || Self.opensOrCloses(words, after: index) { marked.elsewhere = true }
            result.append(marked)
            if index <= landmarkUntil { landmarkUntil = -1 }
        }
        for (index, typed) in words.enumerated() {
            if skip > 0 {
                skip -= 1
                continue
            }
            // "je n'ai plus de comprimés": the treatment to renew, not a question about the pills.
            let word = runningOut && Self.medicineForms.contains(typed) ? "medicament" : typed
            if Self.attributes.contains(word), index + 1 < words.count, Self.ofWords.contains(words[index + 1]) {
                ownerStart = index
                ownerUntil = index + 5
                ownerWords = 0
            }
            if Self.landmarkMarkers.contains(word)
                || word == "suis" && index + 1 < words.count && ["a", "au", "aux", "dans", "sur", "chez"].contains(words[index + 1])
                || word == "pour" && words[..<index].contains(where: Self.requestedDocuments.contains)
                    && !words[(index + 1)...].prefix(3).contains(where: Self.administrativeRequesters.contains)
            {
                landmarkUntil = index + 3
                if isContent(word) { result.append(MarkedWord(word: word, clause: clauses[index], aside: asides[index])) }
            } else if index >= 2, Self.callerTitles.contains(words[index - 1]), ["est", "suis", "ici"].contains(words[index - 2]) {
                continue // "allô, c'est madame Girard": the caller says who she is, not whom she asks about
            } else if let phrase = elsewherePhrase(in: words, at: index) {
                append(phrase.joined(separator: "_"), index) // "mot de passe", "quel temps": something else
                skip = phrase.count - 1
            } else if word == "la", index > 0, Self.openOrClosed.contains(words[index - 1]),
                index + 1 == words.count || ["ou", "maintenant", "aujourdhui"].contains(words[index + 1])
            {
                result.append(MarkedWord(word: "maintenant", clause: clauses[index], aside: asides[index])) // "c'est fermé là ?": là is now
            } else if word == "ete", index > 0, ["cet", "l", "en"].contains(words[index - 1]) {
                result.append(MarkedWord(word: "vacances", clause: clauses[index], aside: asides[index])) // "cet été", "l'été" is the summer, not the verb
            } else if word == "gare", index > 0, ["se", "me", "te", "nous", "vous", "je"].contains(words[index - 1]) {
                append("garer", index) // "on se gare où": the verb, not the station
            } else if word == "midi", index > 0, words[index - 1] == "apres" {
                append("apresmidi", index) // the afternoon, not lunchtime
            } else if ["numero", "num", "n"].contains(word), words[(index + 1)...].prefix(4).contains(where: Self.streetWords.contains) {
                append("adresse", index) // "à quel numéro de l'avenue": the street number, an address
            } else if ["consulte", "consultent"].contains(word) {
                append("exerce", index) // "le Dr Benali consulte ici": practises, not a consultation asked for
            } else if word == "heure", index > 0, words[index - 1] == "cette" {
                result.append(MarkedWord(word: "maintenant", clause: clauses[index], aside: asides[index])) // "à cette heure-ci" is now
            } else if ["appelle", "appellent"].contains(word), index > 0, words[index - 1] == "s" {
                result.append(MarkedWord(word: "nom", clause: clauses[index], aside: asides[index])) // "comment s'appelle le pédiatre": his name
            } else if word == "cb",
                index > 0 && Self.combienBefore.contains(words[index - 1])
                    || index + 1 < words.count && Self.combienAfter.contains(words[index + 1])
            {
                append("combien", index) // "c cb la consult", "ya cb de docteurs": SMS for combien
            } else if word == "avance", index > 0, words[index - 1] == "d" {
                continue // "merci d'avance" is politeness, not advancing fees
            } else if word == "ou",
                Self.isLocative(
                    before: index > 0 ? words[index - 1] : nil,
                    after: index + 1 < words.count ? words[index + 1] : nil)
            {
                result.append(MarkedWord(word: "où", clause: clauses[index], aside: asides[index]))
            } else if let expansion = abbreviations[word] {
                for expanded in expansion where isContent(expanded) { append(expanded, index) }
            } else if isContent(word) {
                append(word, index)
            }
        }
        return result
    }

    /// A content word of a question with what its context says of it (see `markedContentWords`).
    private struct MarkedWord {
        var word: String
        var landmark = false
        var owner = false
        /// Named after an attribute (`les horaires de la pharmacie`), not only before `est`, `ouvre`….
        var ownerOfAttribute = false
        /// Something else whatever the lexicon says (a bus whose times are asked, `la CPAM` whose
        /// number is asked).
        var elsewhere = false
        /// Another place that sends something to the practice (`l'hôpital me demande votre fax`).
        var sender = false
        /// In a question about running out of a treatment, where a symptom says what it is for.
        var treatment = false
        /// Typed right after `pr`.
        var afterPr = false
        var titled = false
        var clause = 0
        var aside = false
    }

    /// Each word's clause number and whether its clause is an aside (see `markedContentWords`).
    static func clauses(_ words: [String], breaks: [Bool]) -> (clauses: [Int], asides: [Bool]) {
        var clauses = [Int](repeating: 0, count: words.count)
        var asides = [Bool](repeating: false, count: words.count)
        var clause = 0
        var aside = false
        var opening = true // still before the clause's first word that is not a filler
        for index in words.indices {
            let word = words[index]
            let conjunction = clauseConjunctions.contains(word)
            if index > 0, breaks[index] || conjunction {
                clause += 1
                aside = false
                opening = true
            }
            if opening {
                if causalConjunctions.contains(word) {
                    aside = true
                    opening = false
                } else if asideOpenings.contains(word) {
                    aside = true
                    opening = false
                } else if !clauseFillers.contains(word) && !conjunction {
                    opening = false
                }
            }
            clauses[index] = clause
            asides[index] = aside
        }
        return (clauses, asides)
    }

    /// Titles a caller gives herself (`c'est madame Girard`, `ici monsieur Petit`).
    private static let callerTitles: Set<String> = ["madame", "monsieur", "mme", "mr", "mlle", "mademoiselle"]
    private static let clauseConjunctions: Set<String> = ["et", "mais", "parce", "car", "comme", "puisque"]
    private static let causalConjunctions: Set<String> = ["parce", "car", "comme", "puisque"]
    private static let asideOpenings: Set<String> = ["je", "j", "mon", "ma", "mes", "on", "nous"]
    private static let clauseFillers: Set<String> = [
        "euh", "oui", "alors", "bon", "ben", "bah", "allo", "bonjour", "bonsoir", "madame", "monsieur", "pardon",
        "excusez", "moi", "voila", "enfin", "donc", "en", "fait"
    ]

    /// `cb` is SMS for `combien` after these words (`c cb`, `ya cb`) or before those (`cb ça coûte`,
    /// `cb de docteurs`); otherwise it is the bank card (`par cb`, `cb ok ?`).
    private static let combienBefore: Set<String> = ["c", "cest", "ya", "y", "a", "sa", "ca", "est", "et"]
    private static let combienAfter: Set<String> = [
        "de", "d", "ca", "sa", "coute", "coutent", "couterait", "la", "le", "les", "pour", "on", "je", "j", "il",
        "elle", "vous", "vs", "faut", "temps", "fois"
    ]
    private static let landmarkMarkers: Set<String> = [
        "depuis", "devant", "pres", "cote", "face", "derriere", "part", "near", "from", "opposite", "behind"
    ]
    /// A document or act asked of the practice: after one, `pour` says what it is for (`un certificat
    /// pour la piscine`, `un vaccin pour l'école`), a landmark too.
    private static let requestedDocuments: Set<String> = [
        "certificat", "certificats", "certif", "attestation", "vaccin", "vaccins", "vaccination", "ordonnance", "ordo"
    ]
    /// What a question asks of a place: its hours, address, number…
    private static let attributes: Set<String> = [
        "horaires", "horaire", "heures", "heure", "ouverture", "fermeture", "adresse", "adr", "numero", "num",
        "telephone", "tel", "coordonnees", "mail", "email", "site", "fax", "plan", "acces", "itineraire"
    ]
    private static let ofWords: Set<String> = ["de", "du", "des", "d"]
    private static let articles: Set<String> = ["la", "le", "l", "les"]
    private static let openingPredicates: Set<String> = [
        "est", "sont", "ouvre", "ouvrent", "ferme", "ferment", "ouvert", "ouverte", "ouverts", "ouvertes",
        "fermee", "fermes", "fermees"
    ]

    /// The `elsewhere` phrase starting at `index`, if any; a word also matches through its one-word SMS
    /// expansion (`kel temps` is `quel temps`).
    private func elsewherePhrase(in words: [String], at index: Int) -> [String]? {
        func same(_ word: String, _ expected: String) -> Bool {
            word == expected || abbreviations[word].map { $0.count == 1 && $0[0] == expected } == true
        }
        let first = words[index]
        let candidates = elsewherePhrases[first] ?? abbreviations[first].flatMap { $0.count == 1 ? elsewherePhrases[$0[0]] : nil }
        guard let candidates else { return nil }
        for phrase in candidates where index + phrase.count <= words.count {
            var matches = true
            for offset in 1..<phrase.count where !same(words[index + offset], phrase[offset]) {
                matches = false
                break
            }
            if matches { return phrase }
        }
        return nil
    }

    /// A question's key for counting phrasings together: its content words, folded and in order
    /// (`C'est quoi vos horaires ?` and `c koi vos horaires` both give `horaires`); all its folded
    /// words when it has no content word.
    package func key(_ text: String) -> String {
        let words = contentWords(text)
        return (words.isEmpty ? tokenizer.words(text) : words).joined(separator: " ")
    }

    /// The weighted tokens of `text`. Pass the index's vocabulary to correct typos.
    package func analyze(_ text: String, vocabulary: TypoVocabulary? = nil, typoPenalty: Double = 0.7) -> [AnalyzedToken] {
        let words = markedContentWords(text)
        var tokens: [AnalyzedToken] = []
        tokens.reserveCapacity(words.count)
        var previous: String?
        for marked in words {
            var word = marked.word
            let (landmark, owner, titled) = (marked.landmark, marked.owner, marked.titled)
            let appended = tokens.count
            defer {
                if tokens.count > appended {
                    tokens[appended].clause = marked.clause
                    tokens[appended].isAside = marked.aside
                }
            }
            defer { previous = word }
            var stem = stemmer.stem(word)
            var weight = 1.0
            var concepts: [String] = []
            if marked.elsewhere, vocabulary != nil {
                tokens.append(AnalyzedToken(stem: stem, concepts: [], weight: 1, word: word, isElsewhere: true))
                tokens[tokens.count - 1].isOwner = marked.ownerOfAttribute
                continue
            }
            if elsewhereWords.contains(word) || elsewhereStems.contains(stem) {
                let isAdvice = adviceWords.contains(word) || adviceStems.contains(stem)
                // "depuis la gare": where the patient is, not what is asked (dropped from a question;
                // an entry's text keeps it as an ordinary word). So is a place sending something to
                // the practice (`la clinique veut vous faxer un compte rendu`).
                let aside = landmark || marked.sender && !isAdvice || marked.treatment && isAdvice
                if aside, vocabulary != nil { continue }
                if aside {
                    tokens.append(AnalyzedToken(stem: stem, concepts: [], weight: 1, word: word))
                    continue
                }
                tokens.append(AnalyzedToken(stem: stem, concepts: [], weight: 1, word: word, isElsewhere: true, isAdvice: isAdvice))
                tokens[tokens.count - 1].isOwner = marked.ownerOfAttribute
                continue
            }
            if owner, let vocabulary, conceptsByStem[stem] == nil, !nameWords.contains(word),
                !vocabulary.knows(word: word, stem: stem), practitionerName(like: word) == nil,
                vocabulary.correction(for: word) == nil
            {
                // "le numéro de la fourrière": the hours or number of a place this practice knows nothing of.
                tokens.append(AnalyzedToken(stem: stem, concepts: [], weight: 1, word: word, isElsewhere: true))
                continue
            }
            if nameWords.contains(word) {
                concepts = [Self.practitionerName]
                stem = word
            } else if conceptsByStem[stem] == nil, !(vocabulary?.knows(word: word, stem: stem) ?? true),
                let name = practitionerName(like: word)
            {
                word = name
                stem = name
                concepts = [Self.practitionerName]
                weight = typoPenalty
            } else if titled || previous.map(Self.doctorTitles.contains) == true, conceptsByStem[stem] == nil,
                !(vocabulary?.knows(word: word, stem: word) ?? true),
                // SMS `pr` is far more often `pour` than a professor: a typo after it is a typo.
                !(marked.afterPr && vocabulary?.correction(for: word) != nil)
            { // as a word: Martinez is not Martin
                // "le docteur Lambert", "Madame Durand": someone who is not one of the practitioners
                // (a name is not stemmed: Martinez is not Martin).
                tokens.append(AnalyzedToken(stem: word, concepts: [], weight: 1, word: word, isElsewhere: true))
                continue
            } else if let vocabulary, conceptsByStem[stem] == nil, !vocabulary.knows(word: word, stem: stem),
                let fix = vocabulary.correction(for: word)
            {
                word = fix.word
                stem = stemmer.stem(word)
                weight = pow(typoPenalty, Double(fix.distance))
                if nameWords.contains(word) {
                    concepts = [Self.practitionerName]
                    stem = word
                }
            }
            tokens.append(AnalyzedToken(stem: stem, concepts: concepts, weight: weight, word: word))
        }
        // Phrases first; their words lose their single-word concepts.
        var covered = [Bool](repeating: false, count: tokens.count)
        var i = 0
        while i < tokens.count {
            var advanced = false
            if !tokens[i].isElsewhere, let candidates = phrasesByFirstStem[tokens[i].stem] {
                for phrase in candidates where i + phrase.stems.count <= tokens.count {
                    var matches = true
                    for (offset, stem) in phrase.stems.enumerated() where tokens[i + offset].stem != stem {
                        matches = false
                        break
                    }
                    guard matches else { continue }
                    if !tokens[i].concepts.contains(phrase.concept) { tokens[i].concepts.append(phrase.concept) }
                    for k in i..<(i + phrase.stems.count) { covered[k] = true }
                    i += phrase.stems.count
                    advanced = true
                    break
                }
            }
            if !advanced { i += 1 }
        }
        for index in tokens.indices where !covered[index] && !tokens[index].isElsewhere {
            if let concepts = conceptsByStem[tokens[index].stem] {
                tokens[index].concepts.append(contentsOf: concepts)
            }
        }
        return tokens
    }

    /// The practitioner's name an unknown word stands for: same phonetic key, or a spelling at
    /// Damerau–Levenshtein distance 1 (5 letters or more) or 2 (7 letters or more).
    private func practitionerName(like word: String) -> String? {
        guard !names.isEmpty, word.utf8.count >= 3 else { return nil }
        let key = FrenchPhonetic.key(word)
        if let same = names.first(where: { $0.key == key && !Self.extends(word, $0.word) }) { return same.word }
        let bytes = Array(word.utf8)
        guard bytes.count >= 5 else { return nil }
        let limit = bytes.count >= 7 ? 2 : 1
        var best: (word: String, distance: Int)?
        for name in names {
            if Self.extends(word, name.word) { continue }
            if let d = DamerauLevenshtein.distance(bytes, name.bytes, limit: limit), d < (best?.distance ?? Int.max) {
                best = (name.word, d)
            }
        }
        return best?.word
    }

    /// Whether `word` is `name` with a suffix of two letters or more: another surname (`Martinez`,
    /// `Martineau` are not Martin).
    private static func extends(_ word: String, _ name: String) -> Bool {
        word.utf8.count >= name.utf8.count + 2 && word.hasPrefix(name)
    }

    /// Whether an unaccented `ou` between `before` and `after` asks a place (`où`) rather than
    /// joining two words: at the start or the end of the question (`ou est le cabinet`, `vous etes
    /// ou`), after a verb of being or finding (`c ou`, `c'est ou`, `se trouve ou`, `situe ou`), or
    /// before a verb or pronoun a place question goes on with (`ou est`, `ou se garer`, `ou je peux`).
    static func isLocative(before: String?, after: String?) -> Bool {
        guard let before, let after else { return true }
        if locativeBefore.contains(before) { return true }
        return locativeAfter.contains(after)
    }

    private static let locativeBefore: Set<String> = [
        "c", "cest", "est", "etes", "es", "sont", "trouve", "trouvez", "trouvent", "situe", "situes", "situee", "situees",
        "d", "par", "jusqu", "aller", "va", "vais", "allez", "venir", "viens", "garer", "gare", "rendre", "habitez",
        "consulte", "consultez", "exactement"
    ]
    private static let locativeAfter: Set<String> = [
        "est", "etes", "es", "sont", "se", "s", "ce", "c", "ca", "sa", "trouve", "trouvez", "situe", "aller", "garer",
        "stationner", "je", "j", "on", "il", "elle", "vous", "peut", "peux", "puis", "faut", "dois", "doit", "consulte",
        "exactement", "ils", "elles"
    ]
    /// Whether the question sends something to the practice or asks its own means of receiving it
    /// (`votre numéro de fax`, `vous faxer`, `vous envoyer`): another place it names is the sender.
    static func sendsToPractice(_ words: [String]) -> Bool {
        for (index, word) in words.enumerated() {
            // "vous faxer", "un numéro de fax"; not "le faxer à l'école", where the practice sends.
            if faxWords.contains(word), index == 0 || !faxedObjects.contains(words[index - 1]) { return true }
            guard index + 1 < words.count else { break }
            let next = words[index + 1]
            if ["votre", "vot", "vos", "vo"].contains(word), attributes.contains(next) || next == "adresse" { return true }
            if ["vous", "vs"].contains(word), sendVerbs.contains(next) { return true }
        }
        return false
    }

    /// Whether the question asks when a bus, tram or train passes (`le bus 4 passe à quelle heure`,
    /// `le tram passe toutes les combien de minutes`), not `le bus est passé en retard` nor which one
    /// passes near the practice (`quel bus passe près du cabinet ?`).
    static func asksTransportTimes(_ words: [String]) -> Bool {
        guard words.contains(where: vehicles.contains), words.contains(where: timeWords.contains) else { return false }
        for (index, word) in words.enumerated() where ["passe", "passent", "circule", "circulent"].contains(word) {
            if index == 0 || !["est", "pas", "a", "ai", "suis", "ete", "sont", "me", "se", "s", "m"].contains(words[index - 1]) { return true }
        }
        return false
    }

    /// Whether `index` is followed by `ouvre`, `ferme`, `est ouvert`… (`la CPAM est ouverte ?`).
    static func opensOrCloses(_ words: [String], after index: Int) -> Bool {
        guard index + 1 < words.count else { return false }
        let next = words[index + 1]
        if openOrClosed.contains(next) || ["ouvre", "ouvrent", "ferment"].contains(next) { return true }
        return ["est", "sont"].contains(next) && index + 2 < words.count && openOrClosed.contains(words[index + 2])
    }

    /// Whether the question says a treatment is running out (`je n'ai plus de`, `à court de`, `au
    /// bout de`, `presque finie`).
    static func runsOutOfTreatment(_ words: [String]) -> Bool {
        for (index, word) in words.enumerated() {
            if ["fini", "finie", "finis", "finies", "termine", "terminee", "epuise", "manque", "manquer", "manquent"].contains(word) { return true }
            if ["plus", "court", "bout"].contains(word), index + 1 < words.count, ["de", "d"].contains(words[index + 1]) { return true }
        }
        return false
    }

    private static let medicineForms: Set<String> = [
        "comprime", "comprimes", "cachet", "cachets", "pilule", "pilules", "gelule", "gelules", "boite", "boites",
        "medicaments", "traitement", "medocs", "medoc"
    ]
    private static let faxWords: Set<String> = ["fax", "faxe", "faxer", "faxez", "telecopie", "telecopieur"]
    private static let streetWords: Set<String> = ["rue", "avenue", "boulevard", "bd", "av", "place", "chemin", "allee", "impasse", "route", "quai"]
    /// Employers and administrations asking for a document: not a landmark after `pour` (`une
    /// attestation pour mon employeur`, `pour la CAF`), unlike a club or a pool.
    private static let administrativeRequesters: Set<String> = [
        "employeur", "patron", "travail", "caf", "cpam", "secu", "impots", "prefecture", "tribunal", "banque",
        "assurance", "avocat", "notaire", "urssaf", "msa", "retraite", "chomage"
    ]
    private static let timeWords: Set<String> = [
        "heure", "heures", "horaire", "horaires", "quand", "combien", "cb", "minutes", "frequence", "souvent", "dernier",
        "premier", "prochain", "tard", "tot"
    ]
    private static let faxedObjects: Set<String> = ["le", "la", "les", "l", "me", "m", "lui", "leur", "nous"]
    private static let sendVerbs: Set<String> = ["envoyer", "transmettre", "faxer", "ecrire", "adresser", "renvoyer", "envoie", "transmet"]
    private static let vehicles: Set<String> = ["bus", "tram", "tramway", "train", "metro", "navette", "autobus", "rer", "ter"]
    /// Insurers and benefit bodies the lexicon files under the practice's insurance topic.
    private static let insuranceBodies: Set<String> = [
        "cpam", "ameli", "secu", "securite", "sociale", "mutuelle", "mutuelles", "caisse", "assurance", "maladie"
    ]
    private static let openOrClosed: Set<String> = ["ouvert", "ouverte", "ouverts", "ouvertes", "ferme", "fermee", "fermes", "fermees"]
    private static let doctorTitles: Set<String> = ["docteur", "doctoresse", "professeur", "dr", "pr"]
    /// Titles before a person's name (not the elided `m'`).
    private static let personTitles: Set<String> = ["dr", "docteur", "doctoresse", "pr", "professeur", "mme", "mr", "madame", "monsieur", "mlle"]
    private static let titles: Set<String> = ["dr", "docteur", "doctoresse", "pr", "professeur", "mme", "mr", "madame", "monsieur", "m"]

    private func isContent(_ word: String) -> Bool {
        !stopWords.contains(word) && !Self.isSingleLetter(word)
    }

    private static func isSingleLetter(_ word: String) -> Bool {
        word.utf8.count == 1 && !(word.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false)
    }
}
