/// English as tourists and foreign residents ask a French front desk, read as French: each
/// word of the front desk gives the French words that mean it (`address` → `adresse`, `open` →
/// `ouvert`), and English function words give nothing (`what`, `is`, `the`), so an English
/// question meets the French phrasings and concepts without a second index.
///
/// Words that are also common French words with another meaning (`car`, `pain`, `son`, `plus`)
/// are left out.
package enum EnglishGlossary {
    /// Folded English word → French words (empty: the word is dropped).
    package static let frontDesk: [String: String] = {
        var glossary: [String: String] = [:]
        for word in functionWords.split(separator: " ") { glossary[String(word)] = "" }
        for (english, french) in words { glossary[english] = french }
        return glossary
    }()

    private static let functionWords = """
        what whats is isnt are arent the you your yours do does did dont doesnt can cant could would will should \
        how which of to for at in my we our there it its be been being please hello hi hey thanks thank like want \
        know tell need any this that these those and or if with from so an am was were have has had i im ive id \
        about some get got into much many who whom here just also still yet very really may might shall sorry \
        excuse anyone someone somebody us them they their he she his her him one by right going give kind out \
        never ever before again already exactly only too then than even all other because since while well sure yes \
        not okay
        """

    private static let words: [String: String] = [
        "where": "où", "located": "situé", "location": "adresse", "address": "adresse", "find": "trouver",
        "directions": "itinéraire", "street": "rue", "come": "venir", "reach": "joindre",
        "when": "quand", "hours": "horaires", "hour": "heure", "time": "heure", "times": "horaires",
        "open": "ouvert", "opens": "ouvre", "opening": "ouverture", "close": "fermer", "closes": "ferme",
        "closed": "fermé", "closing": "fermeture", "today": "aujourd'hui", "now": "maintenant", "currently": "actuellement",
        "tomorrow": "demain", "tonight": "ce soir", "morning": "matin", "afternoon": "après-midi", "evening": "soir",
        "lunch": "midi", "noon": "midi", "monday": "lundi", "tuesday": "mardi", "wednesday": "mercredi",
        "thursday": "jeudi", "friday": "vendredi", "saturday": "samedi", "saturdays": "samedi", "sunday": "dimanche",
        "sundays": "dimanche", "weekend": "week-end", "weekends": "week-end", "night": "nuit",
        "holiday": "vacances", "holidays": "vacances", "vacation": "vacances", "bank": "", "public": "",
        "closure": "fermeture", "closures": "fermetures", "christmas": "noël", "august": "août", "summer": "été",
        "phone": "téléphone", "telephone": "téléphone", "number": "numéro", "call": "appeler", "contact": "contacter",
        "fax": "fax", "email": "email", "mail": "email", "write": "écrire", "website": "site internet",
        "web": "site web", "online": "en ligne", "internet": "internet",
        "insurance": "mutuelle", "health": "santé", "card": "carte", "covered": "remboursé", "reimbursed": "remboursé",
        "refund": "remboursement", "upfront": "avancer les frais", "advance": "avance",
        "pay": "payer", "payment": "paiement", "cash": "espèces", "cheque": "chèque",
        "credit": "carte bancaire", "cost": "coûte", "costs": "coûte", "price": "prix", "fee": "tarif", "fees": "honoraires",
        "expensive": "cher",
        "doctor": "médecin", "doctors": "médecins", "physician": "médecin", "physicians": "médecins", "gp": "généraliste",
        "gps": "généralistes", "practice": "cabinet", "office": "cabinet", "clinic": "cabinet", "surgery": "cabinet", "practitioner": "praticien",
        "practitioners": "praticiens",
        "pediatrician": "pédiatre", "paediatrician": "pédiatre", "midwife": "sage-femme", "nurse": "infirmière",
        "woman": "femme", "female": "femme", "family": "traitant", "names": "nom", "name": "nom", "works": "travaillent",
        "work": "travaillent",
        "new": "nouveau", "patient": "patient", "patients": "patients", "accept": "accepter", "accepting": "acceptez",
        "taking": "prenez", "take": "prendre", "register": "nouveau patient",
        "services": "soins", "service": "soin", "offer": "proposez", "treatments": "soins", "care": "soins",
        "specialties": "spécialités", "specialty": "spécialité", "exams": "examens", "consultation": "consultation",
        "appointment": "rendez-vous", "appointments": "rendez-vous", "book": "réserver", "booking": "rendez-vous",
        "cancel": "annuler", "reschedule": "déplacer", "late": "retard", "delay": "retard",
        "parking": "parking", "park": "garer", "wheelchair": "fauteuil roulant",
        "disabled": "handicapé", "accessible": "accessible", "stairs": "escalier", "elevator": "ascenseur", "lift": "ascenseur",
        "prescription": "ordonnance", "renew": "renouveler", "renewal": "renouvellement", "medication": "médicament",
        "medicine": "médicament", "blood": "sang", "test": "analyse", "tests": "analyses", "results": "résultats",
        "result": "résultat", "lab": "laboratoire", "laboratory": "laboratoire",
        "vaccine": "vaccin", "vaccines": "vaccins", "vaccination": "vaccination", "flu": "grippe", "shot": "vaccin",
        "emergency": "urgence", "urgent": "urgent", "certificate": "certificat", "sports": "sport",
        "video": "vidéo", "remote": "à distance", "remotely": "à distance", "teleconsultation": "téléconsultation",
        "bring": "apporter", "documents": "documents", "papers": "papiers", "dog": "chien", "dogs": "chiens",
        "pets": "animaux", "pet": "animal", "children": "enfants", "child": "enfant", "kids": "enfants", "baby": "bébé",
        "pregnancy": "grossesse", "pregnant": "enceinte", "follow": "suivi", "followup": "suivi", "birth": "naissance",
        "looking": "cherche", "moved": "arriver", "paediatrics": "pédiatrie", "pediatrics": "pédiatrie"
    ]
}
