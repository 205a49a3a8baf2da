import Foundation
import JSONRPC
import Practice

/// Every word of the KPI report in one language: the practice's (`practice.locale`), French
/// unless it is English (`en`, `en-GB`…), read from one table (`Words`) that holds each word in both
/// languages; `wording.title` is the title in the wording's language.
///
/// French call-centre terms: *QS* (qualité de service, the service level), *ASA* (temps moyen
/// d'attente before an answer), *DMC* (durée moyenne de communication, the mean talk time).
@dynamicMemberLookup
package struct KPIReportWording: Sendable {
    /// `fr` or `en`.
    package let languageCode: String

    package static let french = KPIReportWording(languageCode: "fr")
    package static let english = KPIReportWording(languageCode: "en")

    /// Every word of the report, one row a word: French, then English.
    package struct Words: Sendable {
        /// Numbers follow the language: « 80,0 % », « 80.0% ».
        let decimalSeparator = ReportPhrase(",", ".")
        let percentSpacing = ReportPhrase(" ", "")
        /// « : » in French, ": " in English.
        let colon = ReportPhrase(" : ", ": ")
        let title = ReportPhrase("Rapport d'activité", "Activity report")
        let period = ReportPhrase("Période", "Period")
        let endExcluded = ReportPhrase("fin exclue", "end excluded")
        let summary = ReportPhrase("Synthèse", "Summary")
        let indicator = ReportPhrase("Indicateur", "Indicator")
        let value = ReportPhrase("Valeur", "Value")
        let perDay = ReportPhrase("Par jour", "Per day")
        /// The heading of the column of dates.
        let dateColumn = ReportPhrase("Date", "Date")
        let offered = ReportPhrase("Appels présentés", "Offered calls")
        let answered = ReportPhrase("Appels décrochés", "Answered calls")
        let abandoned = ReportPhrase("Appels abandonnés", "Abandoned calls")
        let shortAbandons = ReportPhrase("Abandons courts (≤ {T} s)", "Short abandons (≤ {T} s)")
        let serviceLevel = ReportPhrase("Qualité de service", "Service level")
        let target = ReportPhrase("Objectif", "Target")
        let asa = ReportPhrase("Temps moyen d'attente (ASA)", "Average speed of answer (ASA)")
        let abandonmentRate = ReportPhrase("Taux d'abandon", "Abandonment rate")
        let abandonmentRateExcludingShort = ReportPhrase("Taux d'abandon hors abandons courts", "Abandonment rate excluding short abandons")
        let dmcMean = ReportPhrase("DMC (durée moyenne de communication)", "Mean talk time")
        let dmcMedian = ReportPhrase("DMC médiane", "Median talk time")
        let dmcP90 = ReportPhrase("DMC 90e centile", "90th percentile talk time")
        let contacts = ReportPhrase("Contacts (tous canaux)", "Contacts (all channels)")
        let contactRate = ReportPhrase("Taux de contact", "Contact rate")
        let recontactRate = ReportPhrase("Taux de recontact", "Recontact rate")
        let crossChannelRecontacts = ReportPhrase("Recontacts par un autre canal", "Cross-channel recontacts")
        let multiChannelPatients = ReportPhrase("Patients multicanaux", "Multichannel patients")
        let ahtForStaffing = ReportPhrase("Durée de traitement retenue pour les effectifs", "Handling time used for staffing")
        let serviceLevelChart = ReportPhrase("Qualité de service par jour", "Service level per day")
        let arrivalsChart = ReportPhrase("Appels présentés et prévision (appels par jour)", "Offered calls and forecast (calls per day)")
        let forecast = ReportPhrase("Prévision", "Forecast")
        let agentsChart = ReportPhrase("Heures d'agents nécessaires et planifiées par jour", "Required and scheduled agent-hours per day")
        let required = ReportPhrase("Nécessaires (absentéisme compris)", "Required (with shrinkage)")
        let scheduled = ReportPhrase("Planifiées", "Scheduled")
        let requiredHours = ReportPhrase("Heures nécessaires", "Required hours")
        let scheduledHours = ReportPhrase("Heures planifiées", "Scheduled hours")
        let dmcChart = ReportPhrase("Répartition des durées de communication (appels décrochés)", "Talk time distribution (answered calls)")
        let calls = ReportPhrase("Appels", "Calls")
        let tenMinutesAndMore = ReportPhrase("10 min et plus", "10 min and more")
        let dmcByMotive = ReportPhrase("DMC par motif", "Talk time by motive")
        let dmcByChannel = ReportPhrase("DMC par canal", "Talk time by channel")
        let motive = ReportPhrase("Motif", "Motive")
        let channel = ReportPhrase("Canal", "Channel")
        let mean = ReportPhrase("Moyenne", "Mean")
        let median = ReportPhrase("Médiane", "Median")
        let channelMix = ReportPhrase("Répartition par canal", "Channel mix")
        let share = ReportPhrase("Part", "Share")
        /// Said where a forecast would be when no call precedes the period.
        let noHistory = ReportPhrase("pas d'historique", "no history")
        let noHistoryNote = ReportPhrase(
            "Prévision et heures nécessaires : pas d'historique d'appels avant le début de la période, donc pas de prévision.",
            "Forecast and required hours: no call history before the period, so no forecast.")
        // The appointments part (reminders, waiting list, no-shows). *Lapin* is the French practices'
        // word for a no-show.
        let appointmentsTitle = ReportPhrase("Rendez-vous : rappels et liste d'attente", "Appointments: reminders and waiting list")
        let remindersSent = ReportPhrase("Rappels SMS envoyés", "SMS reminders sent")
        let confirmationRate = ReportPhrase("Taux de confirmation", "Confirmation rate")
        let cancellationRate = ReportPhrase("Taux d'annulation par SMS", "Cancellation rate by SMS")
        let optedOut = ReportPhrase("Désinscriptions (STOP)", "Opt-outs (STOP)")
        let forwarded = ReportPhrase("Réponses transmises au secrétariat", "Replies passed to the secretaries")
        let slotsFreed = ReportPhrase("Créneaux libérés", "Slots freed")
        let offersSent = ReportPhrase("Propositions envoyées", "Offers sent")
        let slotsRefilled = ReportPhrase("Créneaux repris sur liste d'attente", "Slots refilled from the waiting list")
        let backfillRate = ReportPhrase("Taux de réaffectation", "Backfill rate")
        let smsMessages = ReportPhrase("SMS envoyés aux patients", "SMS sent to patients")
        let smsSegments = ReportPhrase("Segments SMS consommés", "SMS segments spent")
        let noShowsTitle = ReportPhrase("Rendez-vous non honorés (lapins)", "No-shows")
        let dimension = ReportPhrase("Critère", "Dimension")
        let appointments = ReportPhrase("Rendez-vous", "Appointments")
        let noShows = ReportPhrase("Non honorés", "No-shows")
        let rate = ReportPhrase("Taux", "Rate")
        /// The dimensions no-shows are broken down by, by id, with those of their values that are words
        /// (a practitioner's or an appointment type's id is shown as it is).
        let dimensions: [String: Dimension] = [
            "all": Dimension(ReportPhrase("Tous", "All"), values: ["all": ReportPhrase("tous", "all")]),
            "practitioner": Dimension(ReportPhrase("Praticien", "Practitioner")),
            "appointmentType": Dimension(ReportPhrase("Type de rendez-vous", "Appointment type")),
            "leadTime": Dimension(
                ReportPhrase("Délai de prise", "Lead time"),
                values: [
                    "<1d": ReportPhrase("moins d'un jour", "under a day"), "1-7d": ReportPhrase("1 à 7 jours", "1 to 7 days"),
                    "7-30d": ReportPhrase("7 à 30 jours", "7 to 30 days"), "30d+": ReportPhrase("30 jours et plus", "30 days and more")
                ]),
            "reminded": Dimension(ReportPhrase("Rappel envoyé", "Reminded"), values: ["yes": ReportPhrase("oui", "yes"), "no": ReportPhrase("non", "no")])
        ]
        /// The service level's definitions, `{T}` standing for the threshold in seconds.
        let variants: [ServiceLevelVariant: ReportPhrase] = [
            .answeredWithinOverAnswered: ReportPhrase("appels décrochés en moins de {T} s / appels décrochés", "calls answered within {T} s / answered calls"),
            .answeredWithinOverOffered: ReportPhrase("appels décrochés en moins de {T} s / appels présentés", "calls answered within {T} s / offered calls"),
            .answeredWithinOverAnsweredPlusAbandonedAfter: ReportPhrase(
                "appels décrochés en moins de {T} s / (appels décrochés + abandons après {T} s)",
                "calls answered within {T} s / (answered calls + abandons after {T} s)"),
            .answeredWithinOverOfferedExcludingShortAbandons: ReportPhrase(
                "appels décrochés en moins de {T} s / (appels présentés − abandons courts)", "calls answered within {T} s / (offered calls − short abandons)")
        ]

        /// A dimension no-shows are broken down by: its name and the words for its values.
        struct Dimension: Sendable {
            let name: ReportPhrase
            let values: [String: ReportPhrase]

            init(_ name: ReportPhrase, values: [String: ReportPhrase] = [:]) {
                self.name = name
                self.values = values
            }
        }
    }

    private static let words = Words()

    /// The word at `path` in this wording's language.
    package subscript(dynamicMember path: KeyPath<Words, ReportPhrase>) -> String { Self.words[keyPath: path].text(in: languageCode) }

    /// The wording for a BCP 47 locale: English for `en…`, French otherwise (and when nil).
    package static func `for`(locale: String?) -> KPIReportWording {
        (locale?.lowercased().hasPrefix("en") ?? false) ? .english : .french
    }

    /// « 80,0 % » / « 80.0% »; « – » when unknown.
    func percent(_ v: Double?) -> String {
        v.map { number($0 * 100, decimals: 1) + self.percentSpacing + "%" } ?? "–"
    }

    /// « 23 s »; « – » when unknown.
    func seconds(_ v: Double?) -> String { v.map { String(format: "%.0f s", $0) } ?? "–" }

    /// `v` with `decimals` digits and the language's decimal separator.
    func number(_ v: Double, decimals: Int) -> String {
        String(format: "%.\(decimals)f", v).replacingOccurrences(of: ".", with: self.decimalSeparator)
    }

    /// An axis tick: as few decimals as it needs (« 2 », « 0,5 », « 0,25 »), so small scales do
    /// not read « 0, 0, 1, 1 ».
    func tick(_ v: Double) -> String {
        let decimals = v == v.rounded() ? 0 : (v * 10 == (v * 10).rounded() ? 1 : 2)
        return number(v, decimals: decimals)
    }

    /// A no-show dimension's name (`leadTime` → « Délai de prise »), or its id.
    func dimensionName(_ dimension: String) -> String { Self.words.dimensions[dimension]?.name.text(in: languageCode) ?? dimension }

    /// A value of a no-show dimension in words (`<1d` → « moins d'un jour »), or the value itself (an id).
    func dimensionValueName(_ value: String, of dimension: String) -> String {
        Self.words.dimensions[dimension]?.values[value]?.text(in: languageCode) ?? value
    }

    /// The service level's definition: « appels décrochés en moins de 20 s / appels présentés ».
    func serviceLevelDefinition(_ variant: ServiceLevelVariant, thresholdSeconds: Double) -> String {
        Self.words.variants[variant]!.text(in: languageCode).replacingOccurrences(of: "{T}", with: String(Int(thresholdSeconds)))
    }

    /// A local date as the language writes it: « 09/03/2026 », « 2026-03-09 ».
    func date(_ d: LocalDate) -> String {
        languageCode == "fr" ? String(format: "%02d/%02d/%04d", d.day, d.month, d.year) : "\(d)"
    }

    /// A local date on a chart's axis: « 09/03 », « 03-09 ».
    func shortDate(_ d: LocalDate) -> String {
        languageCode == "fr" ? String(format: "%02d/%02d", d.day, d.month) : String("\(d)".dropFirst(5))
    }
}
