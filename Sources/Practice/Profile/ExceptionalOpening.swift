/// Hours that replace a date's usual hours (`practice.exceptionalOpenings`): a Saturday of
/// vaccination, a holiday on which the desk answers, or shorter hours (an empty `ranges` closes
/// the day). It wins over holidays, closures and the weekly hours; the whole practice unless
/// `site` is given. Coded as `{date, ranges, site?, reason?}`.
public struct ExceptionalOpening: Sendable, Hashable, Codable {
    public var date: LocalDate
    public var ranges: [LocalTimeRange]
    public var site: String?
    public var reason: String?

    public init(date: LocalDate, ranges: [LocalTimeRange], site: String? = nil, reason: String? = nil) {
        self.date = date
        self.ranges = ranges
        self.site = site
        self.reason = reason
    }
}
