import Foundation

/// `escalation.repeatCallers`: what happens when a caller with something still open calls again.
public struct RepeatCallerSettings: Codable, Sendable, Hashable {
    /// Calls are counted within this many hours of the first one (default 24).
    public var windowHours: Int
    /// The call that reaches this count triggers `action` (default 3, at least 2).
    public var calls: Int
    /// `raise-urgency`, `page-staff` or `page-oncall` (default `raise-urgency`).
    public var action: String

    public static let actions: Set<String> = ["raise-urgency", "page-staff", "page-oncall"]

    public init(windowHours: Int = 24, calls: Int = 3, action: String = "raise-urgency") {
        self.windowHours = windowHours
        self.calls = calls
        self.action = action
    }

    private enum CodingKeys: String, CodingKey { case windowHours, calls, action }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        windowHours = try c.decodeIfPresent(Int.self, forKey: .windowHours) ?? 24
        calls = try c.decodeIfPresent(Int.self, forKey: .calls) ?? 3
        action = try c.decodeIfPresent(String.self, forKey: .action) ?? "raise-urgency"
    }
}
