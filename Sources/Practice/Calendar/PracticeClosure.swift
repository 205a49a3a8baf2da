/// A period when the practice is closed (holidays of the staff, works…), `from` and `to`
/// inclusive, with the reason given to callers. Coded as `{from, to, reason}` as in
/// `practice.closures` of the configuration.
public struct PracticeClosure: Sendable, Hashable, Codable {
    public let from: LocalDate
    public let to: LocalDate
    public let reason: String

    /// A closure; `from` must not be after `to` (a reversed period closes nothing).
    public init(from: LocalDate, to: LocalDate, reason: String) {
        self.from = from
        self.to = to
        self.reason = reason
    }

    /// True when `date` is within `from … to`.
    public func contains(_ date: LocalDate) -> Bool {
        from <= date && date <= to
    }
}
