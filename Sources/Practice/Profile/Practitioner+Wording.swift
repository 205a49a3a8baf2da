import Foundation

extension Practitioner {
    /// The name as an object in a French sentence: « appeler le Dr Claire Martin », « appeler Mme
    /// Roux ». A title (`Dr`, `Pr`) takes the article `le`; any other name is used as written.
    package var nameAsObject: String {
        let title = name.split(separator: " ").first.map { $0.trimmingCharacters(in: .punctuationCharacters).lowercased() }
        return ["dr", "pr", "docteur", "professeur"].contains(title ?? "") ? "le " + name : name
    }
}
