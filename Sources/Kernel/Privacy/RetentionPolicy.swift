package import Foundation
package import JSONRPC

/// How long each kind of data is kept before the retention purge removes it (`privacy.retention`
/// in the configuration, in days). The defaults and their sources are in `Docs/privacy.md`.
package struct RetentionPolicy: Sendable, Equatable {
    /// A kind of data with its own duration.
    package enum Class: String, Sendable, CaseIterable, Codable {
        /// Messages taken for the practice, once completed (open ones are promises and stay).
        case messages
        /// The contact journal (every call, SMS or mail, with its caller).
        case contacts
        /// Imported call records (telephony statistics).
        case callRecords
        /// Escalation incidents once closed, their notifications, and finished triage sessions.
        case incidents
        /// Delivered or dead notifications of the outbox (SMS texts, webhook bodies).
        case outbox
        /// The audit trail.
        case audit

        /// The default duration, in days.
        package var defaultDays: Int {
            switch self {
            case .messages, .contacts, .incidents, .audit, .callRecords: 365
            case .outbox: 30
            }
        }
    }

    /// Duration in days, by class.
    package var days: [Class: Int]

    /// The defaults (`Docs/privacy.md`).
    package static let defaults = RetentionPolicy(days: Dictionary(uniqueKeysWithValues: Class.allCases.map { ($0, $0.defaultDays) }))

    package init(days: [Class: Int]) { self.days = days }

    /// The duration of `c`, in days.
    package func duration(_ c: Class) -> Int { days[c] ?? c.defaultDays }

    /// The instant before which data of class `c` is purged at `now`.
    package func cutoff(_ c: Class, now: Date) -> Date { now.addingTimeInterval(-Double(duration(c)) * 86_400) }

    /// Reads `privacy.retention` (absent: the defaults); unknown keys and durations that are not
    /// whole numbers of days from 1 to 36500 are reported in `issues`.
    package init(configuration: ConfigurationDocument, issues: inout [ConfigurationIssue]) {
        days = Self.read(configuration, issues: &issues)
    }

    private static func read(_ configuration: ConfigurationDocument, issues: inout [ConfigurationIssue]) -> [Class: Int] {
        var days = Self.defaults.days
        guard let section = configuration.section("privacy"), !section.isNull else { return days }
        guard case .object(let privacy) = section else {
            issues.append(configuration.issue("privacy", "must be a mapping (retention)"))
            return days
        }
        issues += configuration.unknownKeys(in: section, at: "privacy", known: ["retention"])
        guard let retention = privacy["retention"], !retention.isNull else { return days }
        guard case .object(let o) = retention else {
            issues.append(configuration.issue("privacy.retention", "must be a mapping of durations in days"))
            return days
        }
        issues += configuration.unknownKeys(in: retention, at: "privacy.retention", known: Class.allCases.map(\.rawValue))
        for key in o.keys {
            let path = "privacy.retention." + key
            guard let c = Class(rawValue: key) else { continue }
            guard case .number(let text)? = o[key], let n = Int(text), (1...36_500).contains(n) else {
                issues.append(configuration.issue(path, "must be a whole number of days from 1 to 36500"))
                continue
            }
            days[c] = n
        }
        return days
    }

    /// The durations as JSON (`{"messages": 365, …}`), for replies and the audit trail.
    package var json: JSONValue {
        var o = JSONObject()
        for c in Class.allCases { o[c.rawValue] = .number(String(duration(c))) }
        return .object(o)
    }
}
