import Foundation
import Kernel

/// The practice as configured: identity, insurance, closures, sites and practitioners.
///
/// Decoded from the `practice`, `sites` and `practitioners` sections. Other modules read their own
/// keys of those sections (Agenda reads `practitioners[].schedule`), never this type's internals.
public struct PracticeProfile: Sendable, Codable {
    public struct Insurance: Sendable, Codable {
        /// Conventionnement: the fee agreement with national insurance (secteur 1, secteur 2…).
        public var conventionnement: String?
        /// Tiers payant: whether patients are spared advancing the fees (intégral, partiel, aucun).
        public var tiersPayant: String?
        /// Whether the carte Vitale (insurance card) is read.
        public var carteVitale: Bool?
        /// Mutuelles: complementary insurance accepted (true, false, or a description).
        public var mutuelles: String?
    }

    public struct Closure: Sendable, Codable {
        public var from: LocalDate
        public var to: LocalDate
        public var reason: String
        /// Only this site when given; the whole practice otherwise.
        public var site: String?
    }

    /// The practice's stable id (lower-case ASCII letters, digits and dashes): required when a
    /// server answers for several practices (`serve --practices DIR`); `default` when absent.
    public var id: String?
    public var name: String
    public var shortName: String?
    /// The numbers patients dial that forward to the answering service (E.164 once read), unique
    /// across the practices a server answers for: the dialled number opens the right practice.
    public var numbers: [String]?
    public var timezone: String?
    public var locale: String?
    public var phone: String?
    public var fax: String?
    public var email: String?
    public var website: String?
    public var holidays: HolidayCalendar?
    public var insurance: Insurance?
    public var closures: [Closure]?
    /// Dated hours replacing the usual ones (see `ExceptionalOpening`).
    public var exceptionalOpenings: [ExceptionalOpening]?
    public var specialties: [String]?
    public var services: [String]?

    /// The id a practice without `practice.id` has.
    public static let defaultId = "default"

    /// `id`, or `default`.
    public var practiceId: String { id ?? Self.defaultId }
}

/// A place where patients are seen, with the hours its phone line is answered.
public struct Site: Sendable, Codable {
    public struct Address: Sendable, Codable {
        public var street: String
        public var postalCode: String?
        public var city: String?
        public var country: String?

        /// One line: "12 avenue des Tilleuls, 26410 Villeneuve-sur-Lauze".
        public var singleLine: String {
            [street, [postalCode, city].compactMap { $0 }.joined(separator: " ")].filter { !$0.isEmpty }.joined(separator: ", ")
        }
    }

    public struct Access: Sendable, Codable {
        public var transit: String?
        public var parking: String?
        public var accessibility: String?
        public var notes: String?
    }

    public var id: String
    public var name: String
    public var address: Address?
    public var access: Access?
    /// Phone-line hours per weekday; the gaps are lunch closures.
    public var phoneHours: [Weekday: [LocalTimeRange]]?
}

/// Someone who sees patients. Only the fields every module needs; Agenda reads the schedule itself.
public struct Practitioner: Sendable, Codable {
    public var id: String
    public var name: String
    public var specialty: String
    /// E.164 mobile number for SMS alerts.
    public var mobile: String?
    public var acceptsNewPatients: Bool?
    /// Site ids where this practitioner consults (from `schedule`'s keys).
    public var sites: [String]?
}
