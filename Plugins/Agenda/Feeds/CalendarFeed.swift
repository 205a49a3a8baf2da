package import Foundation
import Kernel

/// A calendar subscription URL for one practitioner (`GET /calendars/{token}.ics`).
///
/// The token is shown once, by `calendars.createFeed`; only its SHA-256 is stored. A revoked
/// feed answers 404 at once.
package struct CalendarFeed: Sendable, Encodable, Equatable {
    package var id: String
    package var practitionerId: String
    package var createdAt: Date
    package var createdBy: String
    package var revokedAt: Date?
    package var revokedBy: String?
    package var lastFetchedAt: Date?
    /// How many times a calendar fetched it.
    package var fetches: Int

    init(row: StoreRow) {
        id = row["id"]
        practitionerId = row["practitionerId"]
        createdAt = Date(timeIntervalSince1970: row["createdAt"])
        createdBy = row["createdBy"]
        revokedAt = (row["revokedAt"] as Double?).map(Date.init(timeIntervalSince1970:))
        revokedBy = row["revokedBy"]
        lastFetchedAt = (row["lastFetchedAt"] as Double?).map(Date.init(timeIntervalSince1970:))
        fetches = row["fetches"]
    }
}
