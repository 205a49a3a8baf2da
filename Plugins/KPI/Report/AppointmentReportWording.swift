import Foundation

/// The words of the report's appointments part (reminders, waiting list, no-shows), in the
/// report's language: French unless English. *Lapin* is the French practices' word for a no-show.
struct AppointmentReportWording: Sendable {
    let title, remindersSent, confirmationRate, cancellationRate, optedOut, forwarded: String
    let slotsFreed, offersSent, slotsRefilled, backfillRate, smsMessages, smsSegments: String
    let noShowsTitle, dimension, key, appointments, noShows, rate: String
    let dimensions: [String: String]
    let keys: [String: String]

    func dimensionName(_ d: String) -> String { dimensions[d] ?? d }
    func keyName(_ k: String) -> String { keys[k] ?? k }

    static func `for`(languageCode: String) -> AppointmentReportWording { languageCode == "en" ? english : french }

    static let french = AppointmentReportWording(
        title: "Rendez-vous : rappels et liste d'attente", remindersSent: "Rappels SMS envoyés", confirmationRate: "Taux de confirmation",
        cancellationRate: "Taux d'annulation par SMS", optedOut: "Désinscriptions (STOP)", forwarded: "Réponses transmises au secrétariat",
        slotsFreed: "Créneaux libérés", offersSent: "Propositions envoyées", slotsRefilled: "Créneaux repris sur liste d'attente",
        backfillRate: "Taux de réaffectation", smsMessages: "SMS envoyés aux patients", smsSegments: "Segments SMS consommés",
        noShowsTitle: "Rendez-vous non honorés (lapins)", dimension: "Critère", key: "Valeur", appointments: "Rendez-vous",
        noShows: "Non honorés", rate: "Taux",
        dimensions: [
            "all": "Tous", "practitioner": "Praticien", "appointmentType": "Type de rendez-vous", "leadTime": "Délai de prise",
            "reminded": "Rappel envoyé"
        ],
        keys: [
            "all": "tous", "yes": "oui", "no": "non", "<1d": "moins d'un jour", "1-7d": "1 à 7 jours", "7-30d": "7 à 30 jours",
            "30d+": "30 jours et plus"
        ])

    static let english = AppointmentReportWording(
        title: "Appointments: reminders and waiting list", remindersSent: "SMS reminders sent", confirmationRate: "Confirmation rate",
        cancellationRate: "Cancellation rate by SMS", optedOut: "Opt-outs (STOP)", forwarded: "Replies passed to the secretaries",
        slotsFreed: "Slots freed", offersSent: "Offers sent", slotsRefilled: "Slots refilled from the waiting list",
        backfillRate: "Backfill rate", smsMessages: "SMS sent to patients", smsSegments: "SMS segments spent",
        noShowsTitle: "No-shows", dimension: "Dimension", key: "Value", appointments: "Appointments", noShows: "No-shows", rate: "Rate",
        dimensions: [
            "all": "All", "practitioner": "Practitioner", "appointmentType": "Appointment type", "leadTime": "Lead time",
            "reminded": "Reminded"
        ],
        keys: ["all": "all", "yes": "yes", "no": "no", "<1d": "under a day", "1-7d": "1 to 7 days", "7-30d": "7 to 30 days", "30d+": "30 days and more"])
}
