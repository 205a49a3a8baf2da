import Foundation
import JSONRPC
package import Kernel

/// How a subscribed calendar names the patient of an appointment (`calendars.patientNames`):
/// the calendar lives on the practitioner's phone and in a third-party service, so by default it
/// shows initials only. The appointment type is always shown; notes and medical detail never.
package enum FeedPatientNames: String, Sendable, CaseIterable {
    /// `D. J.` for `DUPONT Jeanne` (the agenda's form): the first letters of the first two words.
    case initials
    /// The name as the agenda has it.
    case full
    /// `Patient`.
    case hidden

    /// `calendars.patientNames` (default `initials`).
    package init(configuration: ConfigurationDocument) throws(ConfigurationError) {
        guard let value = configuration.value(at: "calendars.patientNames"), !value.isNull else {
            self = .initials
            return
        }
        guard let text = value.stringValue, let names = FeedPatientNames(rawValue: text) else {
            throw ConfigurationError(
                [configuration.issue("calendars.patientNames", "expected one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")],
                source: configuration.source)
        }
        self = names
    }

    /// What the calendar shows for a patient named `name`.
    package func label(_ name: String?) -> String {
        switch self {
        case .full: return name ?? "Patient"
        case .hidden: return "Patient"
        case .initials:
            // The first letters of the first two words (last name, first name): nothing of a nickname or remark after them.
            let letters = (name ?? "").split(whereSeparator: { $0 == " " || $0 == "-" }).compactMap(\.first).filter(\.isLetter).prefix(2)
            return letters.isEmpty ? "Patient" : letters.map { "\($0.uppercased())." }.joined(separator: " ")
        }
    }
}
