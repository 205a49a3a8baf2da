/// Words and phrases naming something a medical practice's front desk does not answer for: other
/// places, services, businesses and administrations, medical advice (medicines, doses, symptoms),
/// and the patient's own accounts elsewhere. A question using one that an entry does not account
/// for in its phrasings or keywords is about something else (see `FAQSearchConfiguration.elsewhereWeight`).
///
/// Built by category from general knowledge of a French town, in natural spelling (accents,
/// plurals); `FrenchAnalyzer` folds and stems them, so accentless and SMS spellings of a listed word
/// match too. Deliberately left out: words that name the practice's own topics in the standard
/// lexicon (`laboratoire`, `urgence`, `samu`, `mutuelle`, `ameli`, `bus`, `tram`, `vaccin`, `grippe`,
/// `garde`), and words common in questions the practice answers (`radio`, `pied`, `café`, `code`,
/// `carte d'identité`, `règles`, `perdu`). A practice that offers one of these services (a listed
/// specialty in its configuration) is not refused for it: see `FrenchAnalyzer.init(offered:)`.
package enum ElsewhereLexicon {
    /// Phrases asking for medical advice (weighed like `medicalAdvice`): whether it is dangerous, what
    /// to take or do, how one feels. Not `c'est grave`, which also asks whom to call in an emergency.
    package static let advicePhrases: [String] = [
        "c est dangereux", "est ce dangereux", "je fais quoi",
        "je dois faire quoi", "que dois je faire", "je prends quoi", "je prend quoi", "je lui donne quoi",
        "que prendre", "quoi prendre", "m inquiéter", "je me sens", "me sens pas", "au lieu d un", "au lieu d une",
        "what should i take", "what should i give", "is it serious"
    ]

    /// Single words, by category.
    package static let words: [String] =
        administrations + health + businesses + transport + leisure
        + everydayLife + medicalAdvice + english

    /// Phrases (several words in order, stop words included) naming something else; all their words
    /// are read together as one word of `elsewhere`.
    package static let phrases: [String] = [
        "hôtel de ville", "pôle emploi", "france travail", "état civil", "carte grise", "permis de conduire",
        "titre de séjour", "acte de naissance", "office de tourisme", "maison de retraite", "caisse de retraite", "la gare", "gare routière", "gare sncf",
        "pompes funèbres", "contrôle technique", "station service", "point relais", "lettre recommandée",
        "mot de passe", "wi fi", "code wifi", "quel temps", "temps qu il fait", "temps qu il va faire",
        "il va pleuvoir", "il fait beau", "fera beau", "va faire beau", "beau temps", "mauvais temps", "il fait froid",
        "il fait chaud", "prochain bus", "prochain tram", "prochain train", "effets secondaires",
        "effet secondaire", "pilule du lendemain", "c est normal", "est ce normal", "assistante maternelle",
        "salle des fêtes", "bus passe", "tram passe", "train passe", "horaires du bus", "horaires des bus",
        "horaires du tram", "horaires du train", "horaires des trains", "the bank", "a bank", "nearest bank", "town hall", "city hall", "post office",
        "train station", "bus station", "gas station", "police station",
        "side effects",
        // The patient's own file and claims, which the front desk does not look up.
        "mon dossier", "dossier médical", "feuille de soins", "pas remboursé", "pas remboursée",
        "pas été remboursé", "pas été remboursée", "mon remboursement", "mes remboursements", "compte ameli", "espace client",
        "numéro d adhérent", "numéro de sécurité sociale", "numéro de sécu",
        // Sick leave and work: the employer and the benefits office, not the front desk.
        "arrêt de travail", "arrêt maladie", "indemnités journalières",
        // A practitioner's private line, which the front desk never gives.
        "numéro personnel", "numéro perso", "portable personnel", "portable du docteur", "portable du dr",
        "portable du médecin", "son portable", "sa ligne directe",
        // The answering service itself.
        "vraie personne", "vrai humain", "personne réelle", "être humain", "intelligence artificielle",
        "real person", "real human", "automated service",
        // Imaging and other exams done elsewhere.
        "centre de radio", "centre de radiologie", "cabinet de radiologie", "faire une radio", "passer une radio",
        "radio des", "radiology centre", "radiology center", "objets trouvés", "lost property",
        // Hiring: what the practice is looking for, not what the patient is.
        "cherchez des", "cherchez d", "cherchez un", "cherchez une", "recherchez des", "recherchez un", "recherchez une",
        // The town's market.
        "le marché", "jour de marché", "jour du marché", "the market", "bus timetable", "train timetable"
    ]

    /// Town hall, taxes, benefits, police, justice, identity papers, schools.
    static let administrations = [
        "mairie", "préfecture", "sous-préfecture", "impôts", "impôt", "fisc", "trésor", "caf", "urssaf", "msa",
        "carsat", "chômage", "consulat", "ambassade", "tribunal", "commissariat", "police",
        "gendarmerie", "pompiers", "douane", "passeport", "visa", "naturalisation", "élections", "vote",
        "déchetterie", "cimetière", "école", "collège", "lycée", "crèche", "garderie", "cantine", "périscolaire",
        "nounou", "université", "maternelle", "adhérent", "identifiant", "employeur", "patron", "indemnités",
        "indemnité", "amende", "contravention", "allocations", "rsa", "apl", "interprète", "traducteur",
        "traductrice"
    ]

    /// Other health professionals and places, which this practice is not.
    static let health = [
        "hôpital", "hosto", "clinique", "maternité", "ehpad", "radiologie", "radiologue", "dentiste", "orthodontiste", "ophtalmo", "ophtalmologue",
        "ophtalmologiste",
        "opticien", "orl", "dermatologue", "dermato", "cardiologue", "cardio", "psychiatre", "psychologue", "psy",
        "ostéopathe", "ostéo", "podologue", "pédicure", "kinésithérapeute", "kinésithérapie", "orthophoniste",
        "orthoptiste", "diététicienne", "diététicien", "nutritionniste", "allergologue", "rhumatologue",
        "gastroentérologue", "urologue", "neurologue", "endocrinologue", "pneumologue", "chirurgien",
        "anesthésiste", "acupuncteur", "homéopathe", "naturopathe", "hypnothérapeute", "pharmacie", "pharmacien",
        "pharmacienne", "parapharmacie", "dentaire", "dentaires", "orthodontie", "ostéopathie", "acupuncture",
        "mésothérapie", "chirurgie", "esthétique", "hospitalier", "hospitalière", "ambulance", "ambulancier", "dialyse", "optique",
        "audioprothésiste", "podologie", "psychothérapie", "sophrologie", "sophrologue"
    ]

    /// Shops, trades and private services.
    static let businesses = [
        "magasin", "boutique", "supermarché", "hypermarché", "épicerie", "supérette", "boulangerie", "boulanger",
        "pâtisserie", "boucherie", "boucher", "charcuterie", "poissonnerie", "fromagerie", "primeur", "fleuriste",
        "pressing", "laverie", "cordonnier", "serrurier", "quincaillerie", "bricolage", "jardinerie", "animalerie",
        "toiletteur", "coiffeur", "coiffeuse", "esthéticienne", "onglerie", "manucure", "tatouage", "tatoueur",
        "piercing", "épilation", "laser", "spa", "banque", "banquier", "distributeur", "immobilier", "immobilière",
        "notaire", "avocat", "huissier", "comptable", "garage", "garagiste", "mécanicien", "carrosserie",
        "dépanneuse", "dépannage", "essence", "carburant", "plombier", "électricien", "chauffagiste", "menuisier",
        "maçon", "artisan", "restaurant", "resto", "brasserie", "pizzeria", "bar",
        "hôtel", "funèbres", "funéraire", "funérarium", "obsèques", "enterrement", "crématorium",
        "vétérinaire", "véto", "vendez", "vendre", "vente", "vendu", "louez", "louer", "acheter", "achat", "commander", "livraison",
        "livrer", "livré", "colis", "poste", "timbre", "timbres", "recrutez", "recrutement", "recruter",
        "embauche", "embauchez", "emploi", "stage", "stagiaire", "candidature", "cv", "job", "bénévole", "bénévoles", "bénévolat", "postuler", "abonnement",
        "robot", "chatbot"
    ]

    /// Trains, planes, taxis.
    static let transport = [
        "train", "sncf", "tgv", "ter", "rer", "aéroport", "avion", "billet", "ticket", "taxi", "vtc",
        "uber", "covoiturage", "autoroute", "péage", "tabac"
    ]

    /// Weather, media, games, leisure places.
    static let leisure = [
        "météo", "pluie", "pleuvoir", "pleut", "neige", "neiger", "orage", "canicule", "télé", "télévision",
        "journal", "actualités", "match", "score", "loto", "tiercé", "horoscope", "recette", "capitale",
        "bibliothèque", "médiathèque", "musée", "théâtre", "cinéma", "ciné", "piscine", "stade", "gymnase",
        "patinoire", "zoo", "plage", "camping", "église", "mosquée", "synagogue", "paroisse", "tourisme",
        "concert", "spectacle", "bowling", "brocante", "kermesse"
    ]

    /// Home, neighbours, utilities, lost things.
    static let everydayLife = [
        "voisin", "voisine", "voisins", "loyer", "logement", "appartement", "propriétaire", "syndic", "hlm",
        "concierge", "edf", "électricité", "gaz", "engie", "opérateur", "forfait", "sfr", "bouygues", "réseau",
        "wifi", "4g", "5g", "clé", "clés", "clef", "clefs", "parapluie", "portefeuille", "lunettes", "panne",
        "bruit", "ordinateur", "recharger", "recharge", "batterie"
    ]

    /// Medicines, doses and symptoms: medical advice, which a front desk never gives.
    package static let medicalAdvice = [
        "doliprane", "dafalgan", "efferalgan", "paracétamol", "ibuprofène", "advil", "nurofen", "aspirine",
        "spasfon", "smecta", "gaviscon", "imodium", "antibiotique", "antibiotiques", "amoxicilline", "augmentin",
        "cortisone", "corticoïdes", "ventoline", "antihistaminique", "inflammatoire", "antidouleur", "somnifère",
        "anxiolytique", "antidépresseur", "xanax", "lexomil", "levothyrox", "sirop", "comprimé", "comprimés",
        "gélule", "gélules", "cachet", "cachets", "pilule", "pommade", "suppositoire", "collyre", "posologie",
        "dosage", "dose", "doses", "milligrammes", "mg", "cuillère", "cuillères", "cuillerée", "surdosage",
        "alcool", "notice", "symptôme", "symptômes", "fièvre", "température", "toux", "tousse", "tousser", "rhume",
        "gorge", "angine", "otite", "bronchite", "gastro", "diarrhée", "constipation", "vomissement", "vomissements",
        "vomir", "vomi", "nausée", "nausées", "bouton", "boutons", "rougeur", "rougeurs", "éruption",
        "démangeaisons", "gratte", "allergie", "allergique", "eczéma", "brûlure", "saignement", "saigne", "saigner",
        "hémorragie", "douleur", "douleurs", "mal", "ventre", "tête", "dos", "oreille", "oreilles", "dent", "dents",
        "poitrine", "genou", "cheville", "poignet", "jambe", "doigt", "doigts", "épaule", "coude", "hanche", "nez",
        "peau", "entorse", "fracture", "foulure", "chute", "bosse",
        "plaie", "tension", "glycémie", "cholestérol", "migraine", "vertige", "vertiges", "malaise",
        "insomnie", "varicelle", "rougeole", "oreillons", "infection", "virus", "contagieux", "contagion",
        "incubation", "attelle", "attelles"
    ]

    /// English words for the same things (English front-desk words are read as French by `EnglishGlossary`).
    static let english = [
        "pharmacy", "drugstore", "chemist", "hospital", "school", "supermarket", "shop", "store", "mall",
        "atm", "cab", "airport", "flight", "weather", "rain", "password", "vet", "veterinarian",
        "dentist", "embassy", "consulate", "museum", "beach", "cinema", "movie", "church", "mechanic", "plumber",
        "ibuprofen", "aspirin", "antibiotic", "antibiotics", "headache", "fever", "cough", "stomach", "symptoms",
        "dose", "tv", "speak", "english", "anglais", "translator", "pain", "library", "pool", "swimming", "gym",
        "bakery", "butcher", "grocery", "laundry", "hairdresser", "barber", "optician", "physio", "physiotherapist",
        "psychologist", "dermatologist", "cardiologist", "tax", "taxes", "passport", "snow", "forecast", "football",
        "tickets", "parcel", "package", "delivery", "sell", "buy", "rent", "hiring", "painkiller", "painkillers",
        "pill", "pills", "tablets", "syrup", "rash", "sore", "throat", "vomiting", "diarrhea", "allergy", "injury",
        "sprain", "bleeding", "dizzy", "radiology", "dental",
        "employer", "boss", "robot", "bot", "timetable", "market", "interpreter", "tourist", "lawyer", "police",
        "restaurant", "hotel", "rental", "train", "taxi"
    ]
}
