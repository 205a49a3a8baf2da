import Foundation
import Kernel

/// The `waitlist` section: how freed slots are offered to waiting patients.
package struct WaitlistSettings: Sendable {
    struct Section: Decodable, Sendable {
        var enabled: Bool?
        var offerMinutes: Int?
        var parallelOffers: Int?
        var minimumNoticeHours: Double?
        var texts: [String: String]?
    }

    package var enabled = true
    /// How long an offer holds before it goes to the next waiting patient.
    package var offerMinutes = 30
    /// How many waiting patients are offered the same slot at once (the first OUI books it).
    package var parallelOffers = 1
    /// A slot starting sooner than this is not offered.
    package var minimumNoticeHours = 2.0

    package init() {}

    init(configuration: ConfigurationDocument, texts: inout PatientTexts, issues: inout [ConfigurationIssue]) {
        guard let s = configuration.decode(Section.self, at: "waitlist", default: Section(), issues: &issues) else { return }
        enabled = s.enabled ?? enabled
        offerMinutes = s.offerMinutes ?? offerMinutes
        parallelOffers = s.parallelOffers ?? parallelOffers
        minimumNoticeHours = s.minimumNoticeHours ?? minimumNoticeHours
        if !(5...1440).contains(offerMinutes) { issues.append(configuration.issue("waitlist.offerMinutes", "expected 5 to 1440 minutes")) }
        if !(1...10).contains(parallelOffers) { issues.append(configuration.issue("waitlist.parallelOffers", "expected 1 to 10")) }
        if !(0...72).contains(minimumNoticeHours) { issues.append(configuration.issue("waitlist.minimumNoticeHours", "expected 0 to 72 hours")) }
        texts.override(s.texts ?? [:], path: "waitlist.texts", keys: PatientTexts.waitlistKeys, configuration: configuration, issues: &issues)
    }
}
