import Foundation
import JSONRPC
import Kernel
import Practice

/// The French texts of escalation SMS, from `escalation.sms`, else `messaging.sms`, else built-in
/// defaults. Placeholders: `{practice}` (`practice.shortName`), `{code}` (the alert's code),
/// `{callback}` (number to call back), `{time}` (local `HH:mm` of the alert), `{step}` (`2/6`).
///
/// No template can reach the patient's name, the reason or the details of an alert: an SMS never
/// carries medical detail. Every configured template is checked at load with the longest values
/// (a number of `+` and 15 digits, a 4-digit code, `15/15`) by ``SMSAlert/problem(template:filled:)``
/// (GSM-7 as written, one segment once filled) and for `{code}` (except `acknowledged`). A phone
/// number in an SMS is never cut.
package struct SMSTemplates: Sendable, Hashable {
    /// Template per key: `oncall`, `urgentMessage`, `reminder`, `repeatCaller`, `staff`, `acknowledged`.
    package var texts: [String: String]

    package static let defaults: [String: String] = [
        "oncall": "{practice} : appel urgent a {time}. Rappeler le {callback}. Repondez OK {code} pour confirmer.",
        "urgentMessage": "{practice} : message urgent de {time}. Rappeler le {callback}. Repondez OK {code}.",
        "reminder": "{practice} : RELANCE {step}, alerte {code} non confirmee. Rappeler le {callback}. Repondez OK {code}.",
        "repeatCaller": "{practice} : patient ayant rappele plusieurs fois, ref. {code}. Rappeler le {callback}. Repondez OK {code}.",
        "staff": "{practice} : alerte {code} en attente depuis {time}. Rappeler le {callback}. Repondez OK {code}.",
        "acknowledged": "{practice} : alerte {code} prise en charge a {time}. Merci."
    ]
    static let placeholders: Set<String> = ["practice", "code", "callback", "time", "step"]

    /// Reads the templates; problems (with the path of the template) are appended to `issues`.
    init(configuration: ConfigurationDocument, own: [String: String], practiceName: String, issues: inout [ConfigurationIssue]) {
        var texts = Self.defaults
        var paths: [String: String] = [:]
        let messaging = configuration.root["messaging"]?["sms"]?.objectValue
        for key in Self.defaults.keys {
            if let text = own[key] {
                texts[key] = text
                paths[key] = "escalation.sms.\(key)"
            } else if let text = messaging?[key]?.stringValue {
                texts[key] = text
                paths[key] = "messaging.sms.\(key)"
            }
        }
        for key in own.keys where Self.defaults[key] == nil {
            issues.append(configuration.issue("escalation.sms.\(key)", "unknown SMS template (known: \(Self.defaults.keys.sorted().joined(separator: ", ")))"))
        }
        self.texts = texts
        for (key, path) in paths.sorted(by: { $0.key < $1.key }) {
            if let problem = Self.problem(key: key, template: texts[key]!, practiceName: practiceName) {
                issues.append(configuration.issue(path, problem))
            }
        }
    }

    init(texts: [String: String]) { self.texts = texts }

    /// Why a template cannot be used, or nil.
    static func problem(key: String, template: String, practiceName: String) -> String? {
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if !placeholders.contains(name) {
                return "unknown placeholder {\(name)} (an SMS may use only {practice}, {code}, {callback}, {time}, {step}: no medical detail)"
            }
            rest = rest[rest.index(after: close)...]
        }
        if key != "acknowledged" && !template.contains("{code}") { return "the template must contain {code}, the code the practitioner replies with" }
        let longest = fill(template, practice: practiceName, code: "0000", callback: longestNumber, time: "23:59", step: "15/15")
        return SMSAlert.problem(template: template, filled: longest)
    }

    /// The longest number an SMS can carry (``SMSAlert/longestNumber``).
    static let longestNumber = SMSAlert.longestNumber

    /// The text for `key` with its placeholders filled, normalised as the gateway will receive it,
    /// and kept to one segment by shortening the practice's name only: the number to call back and
    /// the code are never cut (``SMSAlert``; a text that cannot fit goes whole, in two segments).
    func text(_ key: String, practice: String, code: String, callback: String, time: String, step: String) -> String {
        let template = texts[key] ?? Self.defaults[key]!
        return SMSAlert.text(["practice": practice], shortenable: ["practice"]) {
            Self.fill(template, practice: $0["practice"]!, code: code, callback: callback, time: time, step: step)
        }.text
    }

    /// `template` with its placeholders replaced (nothing normalised, nothing cut).
    static func fill(_ template: String, practice: String, code: String, callback: String, time: String, step: String) -> String {
        template
            .replacingOccurrences(of: "{practice}", with: practice)
            .replacingOccurrences(of: "{code}", with: code)
            .replacingOccurrences(of: "{callback}", with: callback)
            .replacingOccurrences(of: "{time}", with: time)
            .replacingOccurrences(of: "{step}", with: step)
    }
}
