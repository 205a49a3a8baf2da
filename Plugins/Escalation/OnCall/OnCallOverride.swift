import Foundation
import Practice

/// An exception to the rotation (`oncall.overrides[]`): `practitionerId` is on call from `from`
/// (included) to `to` (excluded), whatever the rotation says. When overrides overlap, the one
/// listed later wins, so a short swap can be written after a long holiday cover.
///
/// ```yaml
/// overrides:
///   - {from: "2026-08-03", to: "2026-08-17", practitionerId: dr-benali, reason: congés Dr Martin}
///   - {from: "2026-12-24T18:00", to: "2026-12-26T08:00", practitionerId: dr-roux}
/// ```
package struct OnCallOverride: Codable, Sendable, Hashable {
    package var from: RotaBoundary
    package var to: RotaBoundary
    package var practitionerId: String
    /// Free text for the practice manager (`congés`, `échange de garde`).
    package var reason: String?

    package init(from: RotaBoundary, to: RotaBoundary, practitionerId: String, reason: String? = nil) {
        self.from = from
        self.to = to
        self.practitionerId = practitionerId
        self.reason = reason
    }
}
