import Foundation
import Kernel

/// The practice as configured: identity, insurance, closures, sites and practitioners.
///
/// Decoded from the `practice`, `sites` and `practitioners` sections. Other modules read their own
/// keys of those sections (Agenda reads `practitioners[].schedule`), never this type's internals.
package struct PracticeProfile: Sendable, Codable {
    package struct Insurance: Sendable, Codable {
        /// Conventionnement: the fee agreement with national insurance (secteur 1, secteur 2…).
        package var conventionnement: String?
        /// Tiers payant: whether patients are spared advancing the fees (intégral, partiel, aucun).
        package var tiersPayant: String?
        /// Whether the carte Vitale (insurance card) is read.
        package var carteVitale: Bool?
        /// Mutuelles: complementary insurance accepted (true, false, or a description).
        package var mutuelles: String?
    }

    package struct Closure: Sendable, Codable {
        package var from: LocalDate
        package var to: LocalDate
        package var reason: String
        /// Only this site when given; the whole practice otherwise.
        package var site: String?
    }

    /// The practice's stable id (lower-case ASCII letters, digits and dashes): required when a
    /// server answers for several practices (`serve --practices DIR`); `default` when absent.
    package var id: String?
    package var name: String
    package var shortName: String?
    /// The numbers patients dial that forward to the answering service (E.164 once read), unique
    /// across the practices a server answers for: the dialled number opens the right practice.
    package var numbers: [String]?
    package var timezone: String?
    package var locale: String?
    package var phone: String?
    package var fax: String?
    package var email: String?
    package var website: String?
    package var holidays: HolidayCalendar?
    package var insurance: Insurance?
    package var closures: [Closure]?
    /// Dated hours replacing the usual ones (see `ExceptionalOpening`).
    package var exceptionalOpenings: [ExceptionalOpening]?
    package var specialties: [String]?
    package var services: [String]?

    /// The id a practice without `practice.id` has.
    package static let defaultId = KernelHost.defaultPracticeId

    /// `id`, or `default`.
    package var practiceId: String { id ?? Self.defaultId }
}

/// A place where patients are seen, with the hours its phone line is answered.
package struct Site: Sendable, Codable {
    package struct Address: Sendable, Codable {
        package var street: String
        package var postalCode: String?
        package var city: String?
        package var country: String?

        /// One line: "12 avenue des Tilleuls, 26410 Villeneuve-sur-Lauze".
        package var singleLine: String {
            [street, [postalCode, city].compactMap { $0 }.joined(separator: " ")].filter { !$0.isEmpty }.joined(separator: ", ")
        }
    }

    package struct Access: Sendable, Codable {
        package var transit: String?
        package var parking: String?
        package var accessibility: String?
        package var notes: String?
    }

    package var id: String
    package var name: String
    package var address: Address?
    package var access: Access?
    /// Phone-line hours per weekday; the gaps are lunch closures.
    package var phoneHours: [Weekday: [LocalTimeRange]]?
}

/// Someone who sees patients. Only the fields every module needs; Agenda reads the schedule itself.
package struct Practitioner: Sendable, Codable {
    package var id: String
    package var name: String
    package var specialty: String
    /// E.164 mobile number for SMS alerts.
    package var mobile: String?
    package var acceptsNewPatients: Bool?
    /// Site ids where this practitioner consults (from `schedule`'s keys).
    package var sites: [String]?
}
