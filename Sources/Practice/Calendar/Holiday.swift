/// A public holiday (*jour férié*): its date and its French name (`"Lundi de Pâques"`).
public struct Holiday: Sendable, Hashable, Codable, CustomStringConvertible {
    public let date: LocalDate
    public let name: String

    public init(date: LocalDate, name: String) {
        self.date = date
        self.name = name
    }

    /// `YYYY-MM-DD Name`.
    public var description: String { "\(date) \(name)" }
}
