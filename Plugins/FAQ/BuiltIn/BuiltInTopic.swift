/// The questions Permanence answers from the configuration and the calendar rather than from
/// typed text, each with a stable entry id. Their answers are computed when asked, so they can
/// never go stale; their ids are reserved (a configured or staff entry cannot take them).
package enum BuiltInTopic: String, CaseIterable, Sendable, Codable {
    /// Each site's address with its access notes (transit, parking, accessibility).
    case address
    /// Each site's weekly hours, with lunch closures and closed days.
    case hours
    /// Whether each site is open at the moment of the question, until when, and the next opening.
    case openNow = "open-now"
    /// Public holidays (*jours fériés*) and practice closures ahead.
    case closures
    case phone
    case fax
    case email
    case website
    /// Conventionnement, tiers payant, carte Vitale and mutuelles.
    case insurance
    /// Specialties and the kinds of consultation offered.
    case services
    /// Practitioners' names and specialties.
    case practitioners
    /// Who accepts new patients (*nouveaux patients*, a new *médecin traitant*).
    case newPatients = "new-patients"

    /// Whether the answer depends on the moment it is asked.
    package var dependsOnTime: Bool { self == .openNow || self == .closures }
}
