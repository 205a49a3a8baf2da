/// A period when the practice is closed (holidays of the staff, works…), `from` and `to`
/// inclusive, with the reason given to callers. Coded as `{from, to, reason}` as in
/// `practice.closures` of the configuration.
package struct PracticeClosure: Sendable, Hashable, Codable {
    package let from: LocalDate
    package let to: LocalDate
    package let reason: String

    /// A closure; `from` must not be after `to` (a reversed period closes nothing).
    package init(from: LocalDate, to: LocalDate, reason: String) {
        self.from = from
        self.to = to
        self.reason = reason
    }

    /// True when `date` is within `from … to`.
    package func contains(_ date: LocalDate) -> Bool {
        from <= date && date <= to
    }
}
