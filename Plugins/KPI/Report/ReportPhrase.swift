/// A word or a sentence of the KPI report, in each language the report is written in.
package struct ReportPhrase: Sendable {
    let french: String
    let english: String

    init(_ french: String, _ english: String) {
        self.french = french
        self.english = english
    }

    /// The text in the language of `languageCode` (`en`: English; French otherwise).
    func text(in languageCode: String) -> String { languageCode == "en" ? english : french }
}
