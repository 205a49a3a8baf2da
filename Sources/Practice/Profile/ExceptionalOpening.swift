/// Hours that replace a date's usual hours (`practice.exceptionalOpenings`): a Saturday of
/// vaccination, a holiday on which the desk answers, or shorter hours (an empty `ranges` closes
/// the day). It wins over holidays, closures and the weekly hours; the whole practice unless
/// `site` is given. Coded as `{date, ranges, site?, reason?}`.
package struct ExceptionalOpening: Sendable, Hashable, Codable {
    package var date: LocalDate
    package var ranges: [LocalTimeRange]
    package var site: String?
    package var reason: String?

    package init(date: LocalDate, ranges: [LocalTimeRange], site: String? = nil, reason: String? = nil) {
        self.date = date
        self.ranges = ranges
        self.site = site
        self.reason = reason
    }
}
