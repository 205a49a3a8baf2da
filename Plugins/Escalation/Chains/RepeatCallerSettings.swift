import Foundation

/// `escalation.repeatCallers`: what happens when a caller with something still open calls again.
package struct RepeatCallerSettings: Codable, Sendable, Hashable {
    /// Calls are counted within this many hours of the first one (default 24).
    package var windowHours: Int
    /// The call that reaches this count triggers `action` (default 3, at least 2).
    package var calls: Int
    /// `raise-urgency`, `page-staff` or `page-oncall` (default `raise-urgency`).
    package var action: String

    package static let actions: Set<String> = ["raise-urgency", "page-staff", "page-oncall"]

    package init(windowHours: Int = 24, calls: Int = 3, action: String = "raise-urgency") {
        self.windowHours = windowHours
        self.calls = calls
        self.action = action
    }

    private enum CodingKeys: String, CodingKey { case windowHours, calls, action }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        windowHours = try c.decodeIfPresent(Int.self, forKey: .windowHours) ?? 24
        calls = try c.decodeIfPresent(Int.self, forKey: .calls) ?? 3
        action = try c.decodeIfPresent(String.self, forKey: .action) ?? "raise-urgency"
    }
}
