/// The general French vocabulary of a medical practice's front desk: which words and
/// phrases name the same concept, and how SMS-style abbreviations are written in full.
///
/// Concepts are canonical terms prefixed with `#` (`#hours`, `#insurance`). Words are
/// written naturally (accents, plurals); `FrenchAnalyzer` folds and stems them, so a
/// concept listed as `renouvellement` also catches `renouvelez` and `renouvellements`.
/// Phrases (`carte vitale`, `prise de sang`) are matched on content words in order; the
/// words of a matched phrase lose their own single-word concepts (`médecin traitant` is
/// about the referring doctor, not about doctors in general).
package struct FrenchLexicon: Sendable {
    /// Concept → the words and phrases that name it.
    package var concepts: [String: [String]]
    /// Abbreviation (folded) → the words it stands for.
    package var abbreviations: [String: String]
    /// English word → the French words it is read as (`EnglishGlossary`); abbreviations win.
    package var english: [String: String]

    /// Words naming another place, service or matter than a medical practice's front desk
    /// (`mairie`, `pharmacie`, `météo`, `wifi`; see `ElsewhereLexicon`): a question using one that an entry does not account
    /// for is about something else (see `FAQSearchConfiguration.elsewhereWeight`).
    package var elsewhere: [String]
    /// Phrases naming something else (`mot de passe`, `quel temps`), matched on all the words of the
    /// question in order, stop words included.
    package var elsewherePhrases: [String]
    /// The `elsewhere` words and phrases that ask for medical advice (medicines, doses, symptoms, "is
    /// it serious?").
    package var advice: [String]

    package init(
        concepts: [String: [String]], abbreviations: [String: String], english: [String: String] = [:],
        elsewhere: [String] = [], elsewherePhrases: [String] = [], advice: [String] = []
    ) {
        self.advice = advice
        self.concepts = concepts
        self.abbreviations = abbreviations
        self.english = english
        self.elsewhere = elsewhere
        self.elsewherePhrases = elsewherePhrases
    }

    /// The standard lexicon for French medical practices.
    package static let standard = FrenchLexicon(
        concepts: [
            "#hours": [
                "horaire", "heure", "heures", "ouvert", "ouverte", "ouverture", "ouvrir", "ouvre",
                "ouvrez", "ouvrent", "fermé", "fermée", "fermer", "ferme", "fermez", "ferment", "fermeture"
            ],
            "#lunch": ["déjeuner", "pause", "pause de midi", "midi", "entre midi et deux"],
            "#now": ["maintenant", "actuellement", "aujourd'hui", "en ce moment", "tout de suite", "immédiatement"],
            "#holiday": [
                "congé", "congés", "vacances", "férié", "fériés", "fériée", "jour férié", "exceptionnel",
                "exceptionnelle", "exceptionnellement", "fermeture annuelle", "pont", "noël", "pâques",
                "pentecôte", "toussaint", "ascension", "assomption", "armistice", "jour de l'an", "nouvel an",
                "fin d'année", "réveillon", "fêtes", "fête"
            ],
            "#month": [
                "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                "novembre", "décembre", "printemps", "automne", "hiver"
            ],
            "#front-desk": ["secrétaire", "secrétaires", "accueil", "réception", "standardiste"],
            "#insurance": [
                "mutuelle", "complémentaire", "assurance", "assuré", "cpam", "ameli", "sécurité sociale",
                "assurance maladie", "rembourser", "remboursé", "remboursement", "cmu", "css"
            ],
            "#third-party-payment": ["tiers payant", "avance de frais", "avancer les frais"],
            "#vitale-card": ["carte vitale", "vitale"],
            "#fee-agreement": ["conventionné", "conventionnée", "conventionnement", "secteur"],
            "#fees": [
                "tarif", "prix", "coût", "coûte", "coûter", "honoraires", "dépassement", "dépasser", "cher",
                "chère", "euros", "montant", "facture", "facturé", "dépassement d'honoraires"
            ],
            "#payment": [
                "payer", "paie", "paye", "paiement", "payement", "régler", "règlement", "chèque", "espèces",
                "liquide", "carte bancaire", "carte bleue", "sans contact"
            ],
            "#prescription": [
                "ordonnance", "renouvellement", "renouveler", "renouvelle", "traitement", "prescription",
                "prescrire", "médicament"
            ],
            "#appointment": ["rendez-vous", "consultation", "consulter", "créneau", "disponibilité", "disponible"],
            "#location": [
                "adresse", "où", "situé", "située", "trouver", "trouve", "venir", "venez", "accès", "accéder",
                "localisation", "itinéraire", "plan", "rue", "se rendre", "lieu", "emplacement", "métro",
                "bus", "tram", "transport", "transports en commun"
            ],
            "#phone": [
                "téléphone", "téléphoner", "numéro", "appeler", "appelle", "joindre", "standard", "coup de fil",
                "portable", "mobile", "fixe"
            ],
            "#contact": ["contact", "contacter", "coordonnées"],
            "#fax": ["fax", "faxer", "télécopie", "télécopieur"],
            "#email": [
                "mail", "email", "e-mail", "courriel", "mél", "adresse électronique", "adresse mail",
                "adresse e-mail", "messagerie"
            ],
            "#website": ["site", "internet", "web", "site internet", "site web", "en ligne"],
            "#doctor": ["docteur", "médecin", "praticien", "praticienne", "généraliste", "toubib"],
            "#new-patient": [
                "médecin traitant", "traitant", "nouveau patient", "nouvelle patiente", "nouveaux patients",
                "nouvelles patientes", "nouveau médecin", "patientèle"
            ],
            "#parking": ["parking", "stationnement", "stationner", "garer", "se garer", "voiture", "place de parking"],
            "#accessibility": [
                "pmr", "handicapé", "handicap", "fauteuil", "fauteuil roulant", "ascenseur", "accessible",
                "accessibilité", "mobilité réduite", "rampe", "escalier", "béquilles", "poussette"
            ],
            "#certificate": ["certificat", "attestation"],
            "#sport": ["sport", "sportif", "sportive", "licence", "club", "compétition"],
            "#remote": ["téléconsultation", "visio", "visioconférence", "vidéo", "à distance", "consultation vidéo"],
            "#results": ["résultat", "résultats", "compte rendu", "compte-rendu"],
            "#blood-test": [
                "prise de sang", "prélèvement", "prélever", "sanguin", "sanguine", "bilan sanguin",
                "laboratoire", "jeun", "à jeun", "analyse de sang", "infirmier", "infirmière", "piqûre"
            ],
            "#late": ["retard", "retarder", "en retard"],
            "#cancel": ["annuler", "annulation", "décommander", "désister", "désistement", "empêchement", "empêché"],
            "#reschedule": ["déplacer", "reporter", "décaler", "modifier", "changer"],
            "#documents": [
                "document", "documents", "papiers", "papier", "pièce d'identité", "apporter", "amener",
                "carnet de santé", "justificatif", "ramener", "emmener", "prévoir"
            ],
            "#vaccine": ["vaccin", "vaccination", "vacciner", "grippe", "covid", "tétanos"],
            "#emergency": ["urgence", "urgent", "urgente", "urgemment", "grave", "samu", "sos médecins", "15", "112"],
            "#out-of-hours": ["nuit", "garde", "médecin de garde", "dimanche", "week-end", "weekend"],
            "#services": ["soin", "soins", "prestation", "acte", "spécialité", "spécialisé", "discipline"],
            "#pet": [
                "animal", "animaux", "chien", "chienne", "chiot", "chat", "chatte", "chaton", "chien guide",
                "chien d'assistance"
            ],
            "#child": ["enfant", "bébé", "nourrisson", "fils", "fille", "adolescent"]
        ],
        abbreviations: [
            "rdv": "rendez-vous", "rdvs": "rendez-vous", "rv": "rendez-vous", "koi": "quoi", "kwa": "quoi",
            "kan": "quand", "kand": "quand", "qd": "quand", "pk": "pourquoi", "pq": "pourquoi", "pkoi": "pourquoi",
            "tel": "téléphone", "tél": "téléphone", "num": "numéro", "cb": "carte bancaire", "secu": "sécurité sociale",
            "auj": "aujourd'hui", "ajd": "aujourd'hui", "ajrd": "aujourd'hui", "mtn": "maintenant", "mnt": "maintenant",
            "dr": "docteur", "doc": "docteur", "ordo": "ordonnance", "labo": "laboratoire", "dispo": "disponible",
            "vs": "vous", "ds": "dans", "pr": "pour", "tt": "tout", "bcp": "beaucoup", "ya": "il y a",
            "kel": "quel", "kelle": "quelle", "kels": "quels", "ke": "que", "ki": "qui", "koment": "comment",
            "cmt": "comment", "cmnt": "comment", "tjr": "toujours", "tjrs": "toujours", "pb": "problème",
            "bjr": "bonjour", "bsr": "bonsoir", "slt": "salut", "mrc": "merci", "mci": "merci", "cc": "",
            "jsuis": "je suis", "chui": "je suis", "tkt": "", "we": "week-end", "wk": "week-end",
            "vot": "votre", "vo": "vos", "jai": "j'ai", "kelles": "quelles", "keske": "qu'est-ce que",
            "kesk": "qu'est-ce que", "koman": "comment", "komen": "comment", "cmb": "combien", "cbien": "combien",
            "dmn": "demain", "2m1": "demain", "2main": "demain", "mat1": "matin", "aprem": "après-midi", "apm": "après-midi",
            "medoc": "médicament", "medocs": "médicaments", "msg": "message", "qqn": "quelqu'un", "pcq": "parce que",
            "pck": "parce que", "psk": "parce que", "stp": "s'il te plaît", "dsl": "désolé", "mdr": "", "ok": "", "oki": "",
            "wi": "oui", "nn": "non", "imel": "email", "imeil": "email", "emeil": "email", "mel": "email", "mels": "email",
            "tph": "téléphone", "fone": "téléphone", "adr": "adresse", "ouvers": "ouvert", "bb": "bébé", "pdt": "pendant",
            "tjs": "toujours", "gyneco": "gynécologique", "kine": "kinésithérapie", "certif": "certificat",
            "mutu": "mutuelle", "yatil": "il y a", "dc": "donc", "vrmt": "vraiment", "jveux": "je veux",
            "jvoudrai": "je voudrais", "jvx": "je veux", "sav": "savoir", "svp": "s'il vous plaît", "slvp": "s'il vous plaît",
            "ordos": "ordonnances", "antibio": "antibiotique", "antibios": "antibiotiques", "pharma": "pharmacie",
            "ortho": "orthophoniste", "dermato": "dermatologue", "ophtalmo": "ophtalmologue", "tels": "téléphone", "doct": "docteur", "dct": "docteur",
            "nvx": "nouveaux", "nvl": "nouvelle", "nvle": "nouvelle", "nvlle": "nouvelle", "nvelle": "nouvelle",
            "nvo": "nouveau", "avc": "avec", "doi": "dois", "pdn": "pendant", "tps": "temps", "qq": "quelques"
        ],
        english: EnglishGlossary.frontDesk,
        elsewhere: ElsewhereLexicon.words,
        elsewherePhrases: ElsewhereLexicon.phrases + ElsewhereLexicon.advicePhrases,
        advice: ElsewhereLexicon.medicalAdvice + ElsewhereLexicon.advicePhrases
    )
}
