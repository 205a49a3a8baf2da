/// The default French phrasings that let the search find each built-in topic.
///
/// They describe the question, never the answer (answers come from the configuration), so
/// they hold for any practice. A practice adds its own wording through `faqOptions.phrasings`.
package enum BuiltInPhrasings {
    /// The phrasings of `topic`.
    package static func phrasings(_ topic: BuiltInTopic) -> [String] {
        switch topic {
        case .address:
            [
                "Quelle est l'adresse du cabinet ?", "Où se trouve le cabinet médical ?", "Comment venir au cabinet ?",
                "Où êtes-vous situés ?", "Comment se rendre à la maison de santé en transports en commun ?"
            ]
        case .hours:
            [
                "Quels sont vos horaires ?", "Quelles sont les heures d'ouverture du cabinet ?", "À quelle heure ouvre le cabinet ?",
                "À quelle heure fermez-vous le soir ?", "Êtes-vous ouverts le samedi ?", "Quels jours le cabinet est-il ouvert ?"
            ]
        case .openNow:
            [
                "Le cabinet est-il ouvert maintenant ?", "Êtes-vous ouverts aujourd'hui ?", "Est-ce que c'est ouvert en ce moment ?",
                "Le cabinet est-il fermé aujourd'hui ?"
            ]
        case .closures:
            [
                "Le cabinet est-il fermé pendant les vacances ?", "Quelles sont les dates de fermeture exceptionnelle ?",
                "Êtes-vous ouverts les jours fériés ?", "Quand partez-vous en congés ?", "Le cabinet ferme-t-il en août ?"
            ]
        case .phone:
            [
                "Quel est le numéro de téléphone du cabinet ?", "Comment vous joindre par téléphone ?",
                "À quel numéro puis-je vous appeler ?", "Comment contacter le secrétariat ?"
            ]
        case .fax:
            ["Quel est votre numéro de fax ?", "Puis-je vous envoyer un fax ?", "Avez-vous une télécopie ?"]
        case .email:
            [
                "Quelle est votre adresse mail ?", "Puis-je vous écrire par e-mail ?", "Avez-vous une adresse électronique ?",
                "Comment envoyer un courriel au cabinet ?"
            ]
        case .website:
            ["Avez-vous un site internet ?", "Quelle est l'adresse de votre site web ?", "Puis-je prendre rendez-vous en ligne ?"]
        case .insurance:
            [
                "Acceptez-vous la carte Vitale ?", "Vous prenez la carte Vitale ?", "Pratiquez-vous le tiers payant ?", "Les médecins sont-ils conventionnés ?",
                "Est-ce que ma mutuelle est acceptée ?", "Dois-je avancer les frais de la consultation ?"
            ]
        case .services:
            [
                "Quels soins proposez-vous ?", "Quelles sont les spécialités du cabinet ?", "Quels types de consultations faites-vous ?",
                "Quels examens faites-vous au cabinet ?"
            ]
        case .practitioners:
            [
                "Quels médecins travaillent au cabinet ?", "Qui sont les praticiens de la maison de santé ?", "Quel est le nom des médecins ?",
                "Combien de médecins y a-t-il ?", "Y a-t-il une femme médecin ?", "Qui sont les docteurs ?",
                "Ce médecin consulte-t-il chez vous ?", "Est-ce que ce docteur travaille ici ?"
            ]
        case .newPatients:
            [
                "Prenez-vous de nouveaux patients ?", "Un médecin peut-il devenir mon médecin traitant ?",
                "Je viens d'arriver dans le quartier, pouvez-vous me suivre ?", "Acceptez-vous encore des nouveaux patients ?"
            ]
        }
    }
}
