import FAQ
import Foundation
import JSONRPC
import Kernel
import Testing

/// A sample of each form patients use, on the example practice: the first answer of `faq.ask` is
/// the expected entry with confidence, or, for a question about something else, no answer at all.
@Suite("faq.ask understands the forms patients use")
struct FormSamplesTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        let form: String
        let question: String
        /// nil: the FAQ must refuse.
        let expected: String?
        var site: String? = nil
        var testDescription: String { "\(form): \(question)" }
    }

    static let samples: [Sample] = [
        Sample(form: "sms", question: "c koi vot num de tel", expected: "phone"),
        Sample(form: "sms", question: "g besoin de vot adresse", expected: "address"),
        Sample(form: "sms", question: "kel sont vos horaires svp", expected: "hours"),
        Sample(form: "sms", question: "ya un parking", expected: "parking-centre", site: "centre"),
        Sample(form: "no accents, où", question: "c ou le cabinet", expected: "address"),
        Sample(form: "no accents, où", question: "vous etes ou exactement", expected: "address"),
        Sample(form: "no accents, ou", question: "vous etes ouvert le matin ou le soir", expected: "hours"),
        Sample(form: "two-edit typo", question: "c quoi le numero de telefone", expected: "phone"),
        Sample(form: "two-edit typo", question: "vous avez un imel", expected: "email"),
        Sample(form: "two-edit typo", question: "je voudrais renouveler mon ordonnence", expected: "ordonnance-renouvellement"),
        Sample(form: "practitioner's name", question: "Dr Benali consulte chez vous ?", expected: "practitioners"),
        Sample(form: "misspelt name", question: "le dr rou c'est bien ici ?", expected: "practitioners"),
        Sample(form: "misspelt name", question: "docteur nouillen il travaille chez vous", expected: "practitioners"),
        Sample(form: "misspelt name", question: "le docteur benalli consulte ici ?", expected: "practitioners"),
        Sample(form: "name with another topic", question: "le docteur Nguyen a eu mes résultats d'analyses ?", expected: "resultats-analyses"),
        Sample(form: "name with another topic", question: "je peux décaler mon rendez-vous avec le Dr Roux ?", expected: "annulation"),
        Sample(form: "name with another topic", question: "la doctoresse Roux signe les certificats de foot ?", expected: "certificat-sport"),
        Sample(form: "name with another topic", question: "le Dr Nguyen peut me consulter par vidéo ?", expected: "teleconsultation"),
        Sample(form: "English", question: "what is the address?", expected: "address"),
        Sample(form: "English", question: "what are your opening hours?", expected: "hours"),
        Sample(form: "English", question: "what is your phone number", expected: "phone"),
        Sample(
            form: "long polite",
            question: "Bonjour madame, excusez-moi de vous déranger, je voulais simplement savoir s'il vous plaît "
                + "quels étaient les horaires d'ouverture de votre secrétariat, je vous remercie par avance, bonne journée", expected: "hours"),
        Sample(form: "off-topic", question: "la mairie est ouverte le samedi ?", expected: nil),
        Sample(form: "off-topic", question: "code wifi", expected: nil),
        Sample(form: "off-topic", question: "Le docteur Lambert consulte chez vous ?", expected: nil),
        Sample(form: "off-topic, unknown person", question: "Madame Durand la sage-femme consulte ici ?", expected: nil),
        Sample(form: "off-topic, unknown person", question: "dr Martinez est là aujourd'hui ?", expected: nil),
        Sample(form: "off-topic, another service", question: "à quelle heure ouvre la poste ?", expected: nil),
        Sample(form: "off-topic, another service", question: "kel est le num de la gendarmerie", expected: nil),
        Sample(form: "off-topic, another service", question: "what time does the pharmacy close", expected: nil),
        Sample(form: "off-topic, another service", question: "est-ce que l'orthophoniste consulte ici ?", expected: nil),
        Sample(form: "off-topic, a place nobody listed", question: "c'est quoi le numéro de la fourrière", expected: nil),
        Sample(form: "off-topic, a place nobody listed", question: "la ludothèque est ouverte le samedi ?", expected: nil),
        Sample(form: "the practice's own place", question: "adresse de l'antenne des Chênes", expected: "address"),
        Sample(form: "off-topic, weather", question: "il fait beau demain ?", expected: nil),
        Sample(form: "medical advice", question: "je peux donner du doliprane à mon bébé de 6 mois ?", expected: nil),
        Sample(form: "medical advice", question: "jai mal a la gorge je prend quoi", expected: nil),
        Sample(form: "medical advice", question: "how much ibuprofen can I take", expected: nil),
        Sample(form: "the patient's own file", question: "je voudrais récupérer mon dossier médical", expected: nil),
        Sample(form: "the patient's own file", question: "la CPAM ne m'a toujours pas remboursé ma consultation", expected: nil),
        Sample(form: "another place as a landmark", question: "je suis devant la pharmacie, le cabinet c'est où ?", expected: "address"),
        Sample(form: "another place the entry names", question: "la pharmacie de garde ce soir c'est laquelle ?", expected: "urgences-nuit"),
        Sample(form: "off-topic, hours of a place an entry names", question: "vous savez jusqu'à quelle heure ouvre la pharmacie ?", expected: nil),
        Sample(form: "off-topic, transport times", question: "le tram de la ligne 1 il passe à quelle heure ?", expected: nil),
        Sample(form: "off-topic, an insurer's office", question: "c'est quoi le numéro de la sécu ?", expected: nil),
        Sample(form: "off-topic, sick leave", question: "mon employeur n'a pas reçu mon arrêt de travail", expected: nil),
        Sample(form: "off-topic, the answering service", question: "je parle à un robot ?", expected: nil),
        Sample(form: "a sender named", question: "le laboratoire d'analyses doit vous faxer un résultat, quel est votre fax ?", expected: "fax"),
        Sample(form: "a sender named", question: "la clinique voudrait vous envoyer un courrier par mail, c'est quoi votre adresse mail ?", expected: "email"),
        Sample(form: "running out of a treatment", question: "j'ai presque fini ma boîte de cachets pour le cœur", expected: "ordonnance-renouvellement"),
        Sample(form: "lunch", question: "vous fermez à l'heure du déjeuner ?", expected: "hours"),
        Sample(form: "swapped letters", question: "c quoi votre mial", expected: "email"),
        Sample(form: "a service with no entry of its own", question: "vous faites la rééducation périnéale ?", expected: "services"),
        Sample(form: "a street number", question: "c'est au numéro combien dans la rue ?", expected: "address")
    ]

    @Test("each form", arguments: samples)
    func sample(_ sample: Sample) async throws {
        let harness = try await FAQHarness.make()
        var params: JSONObject = ["question": .string(sample.question)]
        if let site = sample.site { params["siteId"] = .string(site) }
        let reply = try await harness.result("faq.ask", .object(params))
        if let expected = sample.expected {
            #expect(reply["confident"] == true)
            #expect(reply["answers"]?.arrayValue?.first?["entryId"]?.stringValue == expected)
        } else {
            #expect(reply["confident"] == false)
            #expect(reply["answers"]?.arrayValue?.isEmpty == true)
        }
    }
}
