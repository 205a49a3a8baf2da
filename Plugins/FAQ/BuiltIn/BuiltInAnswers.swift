package import Foundation
import JSONRPC
package import Kernel
package import Practice

/// Writes the answers of the built-in topics from the practice's configuration and calendar.
///
/// Nothing here is typed twice: every fact (address, hours, numbers, practitioners) is read from
/// `PracticeDirectory`, and the time-dependent topics (`open-now`, `closures`) are computed for the
/// moment of the question. With a site, site-specific topics answer for that site only; with none,
/// they answer for every site. A topic whose data is not configured (no fax) has no entry.
package struct BuiltInAnswers: Sendable {
    package let directory: PracticeDirectory
    /// Labels of the configured appointment types (`practitioners[].appointmentTypes[].label`), in order.
    package let appointmentLabels: [String]
    /// How far ahead `closures` lists public holidays (configured closures are listed whatever their distance).
    package var holidayHorizonDays = 62

    package init(directory: PracticeDirectory, appointmentLabels: [String] = []) {
        self.directory = directory
        var seen = Set<String>()
        self.appointmentLabels = appointmentLabels.filter { seen.insert(TextFolding.fold($0)).inserted }
    }

    /// Reads the appointment type labels of every practitioner from the configuration.
    package static func appointmentLabels(in configuration: ConfigurationDocument) -> [String] {
        (configuration.section("practitioners")?.arrayValue ?? []).flatMap { practitioner in
            (practitioner["appointmentTypes"]?.arrayValue ?? []).compactMap { $0["label"]?.stringValue }
        }
    }

    /// The topics this practice can answer (those whose data is configured).
    package var availableTopics: [BuiltInTopic] {
        BuiltInTopic.allCases.filter { topic in
            switch topic {
            case .phone: directory.profile.phone != nil
            case .fax: directory.profile.fax != nil
            case .email: directory.profile.email != nil
            case .website: directory.profile.website != nil
            case .insurance: directory.profile.insurance != nil
            case .newPatients: directory.practitioners.contains { $0.acceptsNewPatients != nil }
            case .practitioners: !directory.practitioners.isEmpty
            default: true
            }
        }
    }

    /// The text indexed for `topic`: the answer itself for timeless topics, a description of what is
    /// computed for the others (so the index does not depend on the moment it was built).
    package func indexedText(_ topic: BuiltInTopic) -> String {
        switch topic {
        case .openNow:
            return "Nous indiquons si le cabinet est ouvert en ce moment, jusqu'à quelle heure, et sa prochaine ouverture."
        case .closures:
            let reasons = (directory.profile.closures ?? []).map(\.reason)
            return (["Le cabinet est fermé les jours fériés et pendant ses fermetures exceptionnelles."] + reasons).joined(separator: " ")
        default:
            return answer(topic, siteId: nil, now: Date(timeIntervalSince1970: 0))
        }
    }

    /// The answer to `topic` at `now`, for `siteId` (every site when nil).
    package func answer(_ topic: BuiltInTopic, siteId: String?, now: Date) -> String {
        let sites = siteId.flatMap { id in directory.sites.filter { $0.id == id } }.flatMap { $0.isEmpty ? nil : $0 } ?? directory.sites
        let profile = directory.profile
        switch topic {
        case .address: return sites.map(address).joined(separator: "\n")
        case .hours: return sites.map(hours).joined(separator: "\n")
        case .openNow: return sites.map { openNow($0, now: now) }.joined(separator: "\n")
        case .closures: return closures(sites: sites, allSites: siteId == nil, now: now)
        case .phone:
            return profile.phone.map { "Le numéro du cabinet est le \(FrenchPhrasing.phone($0))." } ?? ""
        case .fax:
            return profile.fax.map { "Le numéro de fax du cabinet est le \(FrenchPhrasing.phone($0))." } ?? ""
        case .email:
            return profile.email.map {
                "L'adresse e-mail du secrétariat est \($0). Elle n'est pas lue en continu : pour une urgence, appelez."
            } ?? ""
        case .website:
            return profile.website.map { "Le site internet du cabinet est \($0)." } ?? ""
        case .insurance: return insurance()
        case .services: return services(sites: sites)
        case .practitioners: return practitioners(at: siteId)
        case .newPatients: return newPatients(at: siteId)
        }
    }

    // MARK: - Topics

    private func address(_ site: Site) -> String {
        var text = site.name
        if let address = site.address { text += " : \(address.singleLine)." } else { text += "." }
        if let access = site.access {
            if let transit = access.transit { text += " Accès : \(transit)" }
            if let parking = access.parking { text += " Stationnement : \(parking)" }
            if let accessibility = access.accessibility { text += " Accessibilité : \(accessibility)" }
            if let notes = access.notes { text += " À savoir : \(notes)" }
        }
        return text
    }

    private func hours(_ site: Site) -> String {
        let weekly = site.phoneHours ?? [:]
        guard weekly.values.contains(where: { !$0.isEmpty }) else { return "\(site.name) : pas d'horaires d'accueil configurés." }
        var text = "\(site.name) : le secrétariat est ouvert \(FrenchPhrasing.weekly(weekly))."
        var breaks: [Weekday: [LocalTimeRange]] = [:]
        for (day, ranges) in weekly { breaks[day] = FrenchPhrasing.breaks(ranges) }
        if breaks.values.contains(where: { !$0.isEmpty }) {
            text += " Fermé à l'heure du déjeuner \(FrenchPhrasing.weekly(breaks))."
        }
        let closedDays = Weekday.allCases.filter { (weekly[$0] ?? []).isEmpty }.map { "le \($0.frenchName)" }
        let holidays = (directory.calendars[site.id]?.holidays ?? .france) != .none
        let closed = closedDays + (holidays ? ["les jours fériés"] : [])
        if !closed.isEmpty { text += " Fermé \(FrenchPhrasing.list(closed))." }
        return text
    }

    private func openNow(_ site: Site, now: Date) -> String {
        guard let calendar = directory.calendars[site.id] else { return "" }
        let zone = calendar.timeZone
        let state = calendar.isOpen(at: now)
        if state.isOpen {
            var text = "\(site.name) est ouvert en ce moment"
            if let until = state.until {
                text += ", jusqu'à \(FrenchPhrasing.time(LocalDateTime(until, in: zone).time))"
                if let next = calendar.nextOpening(after: now) {
                    let today = LocalDate(now, in: zone)
                    let reopening = LocalDateTime(next, in: zone)
                    if reopening.date == today {
                        text += " (pause de midi, réouverture à \(FrenchPhrasing.time(reopening.time)))"
                    }
                }
            }
            return text + "."
        }
        var text = "\(site.name) est fermé en ce moment"
        switch state.reason {
        case .holiday(let holiday)?: text += " (jour férié : \(holiday.name))"
        case .closure(let closure)?:
            text += " (\(closure.reason), jusqu'au \(FrenchPhrasing.date(closure.to, referenceYear: LocalDate(now, in: zone).year)) inclus)"
        case .lunchBreak?: text += " (pause de midi)"
        case .outsideHours?, nil: break
        }
        if let next = state.nextOpening {
            text += ". Réouverture \(FrenchPhrasing.moment(next, now: now, in: zone))"
        }
        return text + "."
    }

    private func closures(sites: [Site], allSites: Bool, now: Date) -> String {
        let zone = directory.timeZone
        let today = LocalDate(now, in: zone)
        var parts: [String] = []
        let holidayCalendar = directory.calendars[sites.first?.id ?? ""]?.holidays ?? directory.profile.holidays ?? .france
        if holidayCalendar != .none {
            let horizon = today.adding(days: holidayHorizonDays)
            let holidays = (today.year...horizon.year).flatMap { holidayCalendar.holidays(year: $0) }
                .filter { $0.date >= today && $0.date <= horizon }
            if holidays.isEmpty {
                parts.append("Le cabinet est fermé les jours fériés ; aucun n'est prévu dans les \(holidayHorizonDays / 31) prochains mois.")
            } else {
                let list = holidays.map { "\(FrenchPhrasing.date($0.date, referenceYear: today.year)) (\($0.name))" }
                parts.append("Le cabinet est fermé les jours fériés : prochainement \(FrenchPhrasing.list(list)).")
            }
        }
        let siteIds = Set(sites.map(\.id))
        let ahead = (directory.profile.closures ?? []).filter { $0.to >= today && ($0.site == nil || siteIds.contains($0.site!)) }
            .sorted { $0.from < $1.from }
        if ahead.isEmpty {
            parts.append("Aucune fermeture exceptionnelle n'est prévue.")
        } else {
            let list = ahead.map { closure -> String in
                let from = FrenchPhrasing.date(closure.from, referenceYear: today.year)
                let to = FrenchPhrasing.date(closure.to, referenceYear: today.year)
                var text = closure.from == closure.to ? "le \(from)" : "du \(from) au \(to) inclus"
                if let site = closure.site, let name = directory.sites.first(where: { $0.id == site })?.name, allSites || sites.count > 1 {
                    text += ", \(name)"
                }
                return text + " (\(closure.reason))"
            }
            parts.append("Fermetures prévues : \(list.joined(separator: " ; ")).")
        }
        return parts.joined(separator: " ")
    }

    private func insurance() -> String {
        guard let insurance = directory.profile.insurance else { return "" }
        var parts: [String] = []
        if let agreement = insurance.conventionnement {
            parts.append("Les médecins sont conventionnés en \(agreement).")
        }
        switch insurance.tiersPayant.map(TextFolding.fold) {
        case "integral"?: parts.append("Le tiers payant est intégral : vous n'avancez pas les frais, ni pour l'Assurance maladie ni pour la mutuelle.")
        case "partiel"?: parts.append("Le tiers payant est partiel : il s'applique à la part de l'Assurance maladie.")
        case "aucun"?: parts.append("Le tiers payant n'est pas pratiqué : la consultation se règle sur place et vous êtes remboursé ensuite.")
        case nil: break
        default: parts.append("Tiers payant : \(insurance.tiersPayant!).")
        }
        if let vitale = insurance.carteVitale {
            parts.append(vitale ? "La carte Vitale est acceptée." : "La carte Vitale n'est pas lue au cabinet : une feuille de soins vous est remise.")
        }
        switch insurance.mutuelles.map(TextFolding.fold) {
        case "true"?: parts.append("Les mutuelles (complémentaires santé) sont acceptées.")
        case "false"?: parts.append("Les mutuelles ne sont pas prises en charge au cabinet : vous êtes remboursé par votre complémentaire.")
        case .some:
            parts.append("Mutuelles : \(insurance.mutuelles!).")
        case nil: break
        }
        return parts.joined(separator: " ")
    }

    private func services(sites: [Site]) -> String {
        var specialties = directory.profile.specialties ?? []
        for practitioner in directory.practitioners where !specialties.contains(practitioner.specialty) {
            specialties.append(practitioner.specialty)
        }
        var parts: [String] = []
        if !specialties.isEmpty { parts.append("Spécialités : \(FrenchPhrasing.list(specialties)).") }
        let services = (directory.profile.services ?? []) + appointmentLabels
        if !services.isEmpty { parts.append("Consultations et soins proposés : \(services.joined(separator: ", ")).") }
        return parts.joined(separator: " ")
    }

    private func practitioners(at siteId: String?) -> String {
        let people = directory.practitioners.filter { siteId == nil || ($0.sites ?? []).contains(siteId!) }
        var bySpecialty: [(specialty: String, names: [String])] = []
        for person in people {
            if let i = bySpecialty.firstIndex(where: { $0.specialty == person.specialty }) {
                bySpecialty[i].names.append(person.name)
            } else {
                bySpecialty.append((person.specialty, [person.name]))
            }
        }
        let groups = bySpecialty.map { group -> String in
            let specialty = group.specialty.prefix(1).uppercased() + group.specialty.dropFirst()
            return "\(specialty) : \(FrenchPhrasing.list(group.names))."
        }
        return "Praticiens du cabinet : " + groups.joined(separator: " ")
    }

    private func newPatients(at siteId: String?) -> String {
        let people = directory.practitioners.filter { siteId == nil || ($0.sites ?? []).contains(siteId!) }
        let accepting = people.filter { $0.acceptsNewPatients == true }.map(\.name)
        let full = people.filter { $0.acceptsNewPatients == false }.map(\.name)
        var parts: [String] = []
        if !accepting.isEmpty {
            parts.append("\(FrenchPhrasing.list(accepting)) \(accepting.count > 1 ? "acceptent" : "accepte") de nouveaux patients.")
        }
        if !full.isEmpty {
            parts.append("\(FrenchPhrasing.list(full)) ne \(full.count > 1 ? "prennent" : "prend") plus de nouveaux patients.")
        }
        if parts.isEmpty { parts.append("Aucun praticien n'accepte de nouveaux patients pour le moment.") }
        return parts.joined(separator: " ")
    }
}
