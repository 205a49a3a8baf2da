package import Foundation
import Kernel

/// A period when a practitioner sees nobody (congés, formation, arrêt maladie): no slot is offered inside it.
package struct Absence: Sendable, Codable, Equatable {
    package enum Kind: String, Sendable, Codable, CaseIterable { case holiday, training, sick, other }
    package var id: String
    package var practitionerId: String
    package var start: Date
    package var end: Date
    package var kind: Kind
    package var reason: String?
    package var createdAt: Date
    package var createdBy: String

    init(row: StoreRow) {
        id = row["id"]
        practitionerId = row["practitionerId"]
        start = Date(timeIntervalSince1970: row["start"])
        end = Date(timeIntervalSince1970: row["end"])
        kind = Kind(rawValue: row["kind"]) ?? .other
        reason = row["reason"]
        createdAt = Date(timeIntervalSince1970: row["createdAt"])
        createdBy = row["createdBy"]
    }

    init(id: String, practitionerId: String, start: Date, end: Date, kind: Kind, reason: String?, createdAt: Date, createdBy: String) {
        self.id = id
        self.practitionerId = practitionerId
        self.start = start
        self.end = end
        self.kind = kind
        self.reason = reason
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    func overlaps(_ start: Date, _ end: Date) -> Bool { self.start < end && start < self.end }
}
