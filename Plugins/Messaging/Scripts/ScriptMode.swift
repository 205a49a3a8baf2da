/// Which script the secretary reads: the practice's desk is open, open but saturated, closed
/// for the day's hours, or closed for a public holiday (*jour férié*) or a practice closure.
public enum ScriptMode: String, Sendable, Codable, CaseIterable {
    /// Desk open: the service answers on the practice's behalf.
    case open
    /// Desk open but more than `overflowThreshold` calls are waiting there.
    case overflow
    /// Outside phone hours (evening, night, lunch break, a day the site does not open).
    case closed
    /// A public holiday or a closure of the practice or site.
    case holiday
}
