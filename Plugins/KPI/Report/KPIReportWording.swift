import Foundation
import Practice

/// Every word of the KPI report in one language: the practice's (`practice.locale`), French
/// unless it is English (`en`, `en-GB`…). Numbers follow the language too (« 80,0 % », « 80.0% »).
///
/// French call-centre terms: *QS* (qualité de service, the service level), *ASA* (temps moyen
/// d'attente before an answer), *DMC* (durée moyenne de communication, the mean talk time).
package struct KPIReportWording: Sendable {
    package let languageCode: String
    let decimalSeparator: String
    let percentSpacing: String
    /// « : » in French, ": " in English.
    let colon: String

    let title: String
    let period: String
    let endExcluded: String
    let summary: String
    let indicator: String
    let value: String
    let perDay: String
    let date: String
    let offered: String
    let answered: String
    let abandoned: String
    let shortAbandons: String
    let serviceLevel: String
    let target: String
    let asa: String
    let abandonmentRate: String
    let abandonmentRateExcludingShort: String
    let dmcMean: String
    let dmcMedian: String
    let dmcP90: String
    let contacts: String
    let contactRate: String
    let recontactRate: String
    let crossChannelRecontacts: String
    let multiChannelPatients: String
    let ahtForStaffing: String
    let serviceLevelChart: String
    let arrivalsChart: String
    let forecast: String
    let agentsChart: String
    let required: String
    let scheduled: String
    let requiredHours: String
    let scheduledHours: String
    let dmcChart: String
    let calls: String
    let tenMinutesAndMore: String
    let dmcByMotive: String
    let dmcByChannel: String
    let motive: String
    let channel: String
    let mean: String
    let median: String
    let channelMix: String
    let share: String
    /// Said where a forecast would be when no call precedes the period.
    let noHistory: String
    let noHistoryNote: String
    let variants: [ServiceLevelVariant: String]

    /// The wording for a BCP 47 locale: English for `en…`, French otherwise (and when nil).
    package static func `for`(locale: String?) -> KPIReportWording {
        (locale?.lowercased().hasPrefix("en") ?? false) ? .english : .french
    }

    /// « 80,0 % » / « 80.0% »; « – » when unknown.
    func percent(_ v: Double?) -> String {
        v.map { number($0 * 100, decimals: 1) + percentSpacing + "%" } ?? "–"
    }

    /// « 23 s »; « – » when unknown.
    func seconds(_ v: Double?) -> String { v.map { String(format: "%.0f s", $0) } ?? "–" }

    /// `v` with `decimals` digits and the language's decimal separator.
    func number(_ v: Double, decimals: Int) -> String {
        String(format: "%.\(decimals)f", v).replacingOccurrences(of: ".", with: decimalSeparator)
    }

    /// An axis tick: as few decimals as it needs (« 2 », « 0,5 », « 0,25 »), so small scales do
    /// not read « 0, 0, 1, 1 ».
    func tick(_ v: Double) -> String {
        let decimals = v == v.rounded() ? 0 : (v * 10 == (v * 10).rounded() ? 1 : 2)
        return number(v, decimals: decimals)
    }

    /// The service level's definition: « appels décrochés en moins de 20 s / appels présentés ».
    func serviceLevelDefinition(_ variant: ServiceLevelVariant, thresholdSeconds: Double) -> String {
        variants[variant]!.replacingOccurrences(of: "{T}", with: String(Int(thresholdSeconds)))
    }

    /// A local date as the language writes it: « 09/03/2026 », « 2026-03-09 ».
    func date(_ d: LocalDate) -> String {
        languageCode == "fr" ? String(format: "%02d/%02d/%04d", d.day, d.month, d.year) : "\(d)"
    }

    /// A local date on a chart's axis: « 09/03 », « 03-09 ».
    func shortDate(_ d: LocalDate) -> String {
        languageCode == "fr" ? String(format: "%02d/%02d", d.day, d.month) : String("\(d)".dropFirst(5))
    }

    package static let french = KPIReportWording(
        languageCode: "fr", decimalSeparator: ",", percentSpacing: " ", colon: " : ",
        title: "Rapport d'activité", period: "Période", endExcluded: "fin exclue", summary: "Synthèse",
        indicator: "Indicateur", value: "Valeur", perDay: "Par jour", date: "Date",
        offered: "Appels présentés", answered: "Appels décrochés", abandoned: "Appels abandonnés",
        shortAbandons: "Abandons courts (≤ {T} s)", serviceLevel: "Qualité de service", target: "Objectif",
        asa: "Temps moyen d'attente (ASA)", abandonmentRate: "Taux d'abandon",
        abandonmentRateExcludingShort: "Taux d'abandon hors abandons courts",
        dmcMean: "DMC (durée moyenne de communication)", dmcMedian: "DMC médiane", dmcP90: "DMC 90e centile",
        contacts: "Contacts (tous canaux)", contactRate: "Taux de contact", recontactRate: "Taux de recontact",
        crossChannelRecontacts: "Recontacts par un autre canal", multiChannelPatients: "Patients multicanaux",
        ahtForStaffing: "Durée de traitement retenue pour les effectifs",
        serviceLevelChart: "Qualité de service par jour", arrivalsChart: "Appels présentés et prévision (appels par jour)",
        forecast: "Prévision", agentsChart: "Heures d'agents nécessaires et planifiées par jour",
        required: "Nécessaires (absentéisme compris)", scheduled: "Planifiées", requiredHours: "Heures nécessaires",
        scheduledHours: "Heures planifiées", dmcChart: "Répartition des durées de communication (appels décrochés)",
        calls: "Appels", tenMinutesAndMore: "10 min et plus", dmcByMotive: "DMC par motif", dmcByChannel: "DMC par canal",
        motive: "Motif", channel: "Canal", mean: "Moyenne", median: "Médiane", channelMix: "Répartition par canal",
        share: "Part", noHistory: "pas d'historique",
        noHistoryNote: "Prévision et heures nécessaires : pas d'historique d'appels avant le début de la période, donc pas de prévision.",
        variants: [
            .answeredWithinOverAnswered: "appels décrochés en moins de {T} s / appels décrochés",
            .answeredWithinOverOffered: "appels décrochés en moins de {T} s / appels présentés",
            .answeredWithinOverAnsweredPlusAbandonedAfter: "appels décrochés en moins de {T} s / (appels décrochés + abandons après {T} s)",
            .answeredWithinOverOfferedExcludingShortAbandons: "appels décrochés en moins de {T} s / (appels présentés − abandons courts)"
        ])

    package static let english = KPIReportWording(
        languageCode: "en", decimalSeparator: ".", percentSpacing: "", colon: ": ",
        title: "Activity report", period: "Period", endExcluded: "end excluded", summary: "Summary",
        indicator: "Indicator", value: "Value", perDay: "Per day", date: "Date",
        offered: "Offered calls", answered: "Answered calls", abandoned: "Abandoned calls",
        shortAbandons: "Short abandons (≤ {T} s)", serviceLevel: "Service level", target: "Target",
        asa: "Average speed of answer (ASA)", abandonmentRate: "Abandonment rate",
        abandonmentRateExcludingShort: "Abandonment rate excluding short abandons",
        dmcMean: "Mean talk time", dmcMedian: "Median talk time", dmcP90: "90th percentile talk time",
        contacts: "Contacts (all channels)", contactRate: "Contact rate", recontactRate: "Recontact rate",
        crossChannelRecontacts: "Cross-channel recontacts", multiChannelPatients: "Multichannel patients",
        ahtForStaffing: "Handling time used for staffing",
        serviceLevelChart: "Service level per day", arrivalsChart: "Offered calls and forecast (calls per day)",
        forecast: "Forecast", agentsChart: "Required and scheduled agent-hours per day",
        required: "Required (with shrinkage)", scheduled: "Scheduled", requiredHours: "Required hours",
        scheduledHours: "Scheduled hours", dmcChart: "Talk time distribution (answered calls)",
        calls: "Calls", tenMinutesAndMore: "10 min and more", dmcByMotive: "Talk time by motive", dmcByChannel: "Talk time by channel",
        motive: "Motive", channel: "Channel", mean: "Mean", median: "Median", channelMix: "Channel mix",
        share: "Share", noHistory: "no history",
        noHistoryNote: "Forecast and required hours: no call history before the period, so no forecast.",
        variants: [
            .answeredWithinOverAnswered: "calls answered within {T} s / answered calls",
            .answeredWithinOverOffered: "calls answered within {T} s / offered calls",
            .answeredWithinOverAnsweredPlusAbandonedAfter: "calls answered within {T} s / (answered calls + abandons after {T} s)",
            .answeredWithinOverOfferedExcludingShortAbandons: "calls answered within {T} s / (offered calls − short abandons)"
        ])
}
