import Foundation
import JSONRPC
import Kernel
import Practice

/// The SMS texts sent to patients: reminders, answers to their replies, notices of a change and
/// offers of a freed slot (French by default; `reminders.texts` and `waitlist.texts` override them).
///
/// Placeholders: `{practice}` (the practice's short name), `{date}` (`mardi 10/03`), `{time}`
/// (`14h30`), `{site}`, `{phone}` (the practice's number), `{minutes}` (how long an offer holds).
/// No text names the appointment type or the reason: an SMS may be read by someone else. Every
/// text is normalised and kept to one GSM-7 segment by shortening the practice's and the site's
/// names first (`SMSAlert`); the date, time, number and keywords are never cut.
package struct PatientTexts: Sendable {
    package var values: [String: String] = [
        "reminder": "{practice}: RDV le {date} à {time}, {site}. Répondez OUI pour confirmer, ANNULER pour annuler. STOP: plus de SMS",
        "confirmed": "{practice}: merci, votre RDV du {date} à {time} est confirmé.",
        "cancelled": "{practice}: votre RDV du {date} à {time} est annulé. Pour un autre RDV, appelez le {phone}.",
        "stopped": "{practice}: vous ne recevrez plus nos SMS. Pour les réactiver, appelez le {phone}.",
        "forwarded": "{practice}: votre message est transmis au secrétariat, qui vous rappellera si besoin.",
        "notice": "{practice}: votre RDV du {date} à {time} ne pourra pas avoir lieu. Appelez le {phone} ou répondez OUI pour recevoir un nouveau créneau.",
        "noticeAccepted": "{practice}: c'est noté, nous vous proposerons un nouveau créneau par SMS.",
        "kept": "{practice}: finalement votre RDV du {date} à {time} est maintenu, {site}. Pour annuler, appelez le {phone}.",
        "offer": "{practice}: un RDV se libère le {date} à {time}, {site}. Répondez OUI dans les {minutes} min pour le prendre, NON sinon.",
        "offerBooked": "{practice}: c'est confirmé, RDV le {date} à {time}, {site}.",
        "offerGone": "{practice}: désolé, ce créneau a déjà été pris. Vous restez sur la liste d'attente.",
        "offerExpired": "{practice}: désolé, cette proposition a expiré. Vous restez sur la liste d'attente.",
        "offerDeclined": "{practice}: c'est noté, vous restez sur la liste d'attente."
    ]

    static let reminderKeys = ["reminder", "confirmed", "cancelled", "stopped", "forwarded", "notice", "noticeAccepted", "kept"]
    static let waitlistKeys = ["offer", "offerBooked", "offerGone", "offerExpired", "offerDeclined"]
    static let placeholders = ["practice", "date", "time", "site", "phone", "minutes"]

    package init() {}

    /// Replaces the texts given under `path`; an unknown key, an unknown placeholder or a letter
    /// outside GSM-7 is an issue.
    mutating func override(
        _ given: [String: String], path: String, keys: [String], configuration: ConfigurationDocument,
        issues: inout [ConfigurationIssue]
    ) {
        for (key, text) in given.sorted(by: { $0.key < $1.key }) {
            guard keys.contains(key) else {
                let hint = NearestName.suggestion(for: key, among: keys).map { "did you mean `\($0)`? " } ?? ""
                issues.append(configuration.keyIssue("\(path).\(key)", "unknown text; \(hint)known: \(keys.joined(separator: ", "))"))
                continue
            }
            let named = text.split(separator: "{").dropFirst().compactMap { $0.split(separator: "}", maxSplits: 1).first.map(String.init) }
            if let bad = named.first(where: { !Self.placeholders.contains($0) }) {
                issues.append(
                    configuration.issue("\(path).\(key)", "unknown placeholder {\(bad)}; known: \(Self.placeholders.map { "{\($0)}" }.joined(separator: ", "))")
                )
                continue
            }
            let outside = GSM7.unsupported(SMSText.typographic(text))
            if !outside.isEmpty {
                issues.append(
                    configuration.issue(
                        "\(path).\(key)",
                        "characters outside the GSM-7 alphabet: \(outside.map { "\"\($0)\"" }.joined(separator: ", ")) (é è ù à are allowed; ê ç â î ô û are not)"
                    ))
                continue
            }
            values[key] = text
        }
    }

    /// The text `key` filled with `values`, normalised and fitted to one segment where possible.
    func render(_ key: String, _ values: [String: String]) -> SMSText {
        let template = self.values[key] ?? ""
        return SMSAlert.text(values, shortenable: ["practice", "site"], ellipsis: "") { v in
            var out = template
            for (name, value) in v { out = out.replacingOccurrences(of: "{\(name)}", with: value) }
            return out
        }
    }

    /// `mardi 10/03` and `14h30` of an instant in `zone`.
    static func dateAndTime(_ instant: Date, in zone: TimeZone) -> (date: String, time: String) {
        let local = LocalDateTime(instant, in: zone)
        let d = local.date
        let t = local.time
        let date = "\(d.weekday.frenchName) \(String(format: "%02d/%02d", d.day, d.month))"
        let time = t.minute == 0 ? "\(t.hour)h" : String(format: "%dh%02d", t.hour, t.minute)
        return (date, time)
    }
}
