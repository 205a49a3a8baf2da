import Foundation

/// One step of an escalation chain: whom to alert, on which channels, and how long to wait for an
/// acknowledgement before the next step.
///
/// `notify` is `oncall` (the practitioner on call, *médecin de garde*, when the step fires),
/// `oncall-backup` (the next backup of `oncall.chain`, skipping whoever is on call), `practitioner`
/// (the patient's practitioner named on the incident, else the one on call), `staff` (the practice's
/// own staff: webhooks, console events and `escalation.staffMobiles`), or a practitioner id.
package struct EscalationStep: Codable, Sendable, Hashable {
    package var notify: String
    /// `sms` and/or `webhook` (default `[sms]`).
    package var channels: [String]
    /// Minutes to wait for an acknowledgement before the next step (1–240, default 5).
    package var waitMinutes: Int

    package static let targets: Set<String> = ["oncall", "oncall-backup", "practitioner", "staff"]
    package static let knownChannels: Set<String> = ["sms", "webhook"]

    package init(notify: String, channels: [String] = ["sms"], waitMinutes: Int = 5) {
        self.notify = notify
        self.channels = channels
        self.waitMinutes = waitMinutes
    }

    private enum CodingKeys: String, CodingKey { case notify, channels, waitMinutes }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        notify = try c.decode(String.self, forKey: .notify)
        channels = try c.decodeIfPresent([String].self, forKey: .channels) ?? ["sms"]
        waitMinutes = try c.decodeIfPresent(Int.self, forKey: .waitMinutes) ?? 5
    }
}
