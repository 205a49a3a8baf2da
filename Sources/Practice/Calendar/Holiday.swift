/// A public holiday (*jour férié*): its date and its French name (`"Lundi de Pâques"`).
package struct Holiday: Sendable, Hashable, Codable, CustomStringConvertible {
    package let date: LocalDate
    package let name: String

    package init(date: LocalDate, name: String) {
        self.date = date
        self.name = name
    }

    /// `YYYY-MM-DD Name`.
    package var description: String { "\(date) \(name)" }
}
