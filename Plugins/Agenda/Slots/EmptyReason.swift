/// Why a search found no free slot for a practitioner (or for everyone searched).
package enum EmptyReason: String, Sendable, Codable, CaseIterable {
    /// The practitioner takes no new patients and the patient is new to them.
    case noNewPatients
    /// The appointment type is for new patients only, or existing patients only, and this patient is not one.
    case typeNotOffered
    /// The practitioner does not consult at the site asked for.
    case notAtSite
    /// The whole window lies within the type's minimum notice (or is already past).
    case tooSoon
    /// The whole window lies beyond the type's booking horizon.
    case beyondHorizon
    /// The type is reserved to staff and no slot of the window is released yet.
    case reservedToStaff
    /// The practitioner has no hours for the type in the window (day off, closure, holiday) or is absent.
    case noSchedule
    /// Every slot of the window is taken.
    case fullyBooked
    /// Several practitioners, for different reasons (see each one's).
    case mixed
}
