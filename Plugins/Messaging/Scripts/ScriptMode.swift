/// Which script the secretary reads: the practice's desk is open, open but saturated, on its
/// lunch break, closed for the day's hours, closed for a public holiday (*jour férié*), or closed
/// for a planned closure of the practice or site (`practice.closures`).
package enum ScriptMode: String, Sendable, Codable, CaseIterable {
    /// Desk open: the service answers on the practice's behalf.
    case open
    /// Desk open but more than `overflowThreshold` calls are waiting there.
    case overflow
    /// Between two opening ranges of the day (*pause déjeuner*): the desk reopens the same day.
    case lunchBreak
    /// Outside phone hours (evening, night, early morning, weekend, a day the site does not open).
    case closed
    /// A public holiday.
    case holiday
    /// A planned closure of the practice or site (staff holidays, works…), named by its reason.
    case closure
}
