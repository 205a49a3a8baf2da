package import Practice

/// A recurring range kept for some appointment types only (urgent slots, a vaccination session).
///
/// Inside the block only `types` are offered; a type named by any block of the practitioner is
/// offered only inside its blocks. Who may book them follows each type's `bookableBy` and
/// `releaseHoursBefore` (an `urgence` block opens to secretaries two hours before it starts).
package struct ReservedBlock: Sendable, Hashable {
    package var siteId: String
    package var days: Set<Weekday>
    package var time: LocalTimeRange
    package var types: Set<String>

    /// True when this block covers the local range `start ..< end` (minutes since midnight) of `weekday` at `siteId`.
    func overlaps(siteId: String, weekday: Weekday, start: Int, end: Int) -> Bool {
        self.siteId == siteId && days.contains(weekday)
            && start < time.end.minutesSinceMidnight && time.start.minutesSinceMidnight < end
    }

    /// True when it covers the whole local range `start ..< end`.
    func contains(siteId: String, weekday: Weekday, start: Int, end: Int) -> Bool {
        self.siteId == siteId && days.contains(weekday)
            && time.start.minutesSinceMidnight <= start && end <= time.end.minutesSinceMidnight
    }
}
