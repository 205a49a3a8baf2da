import Foundation

/// A list of steps run in order, `repeat` times in total, until someone acknowledges the alert.
/// An incident keeps a copy of its chain from the moment it is raised (the chain is *frozen*):
/// editing the configuration later never changes an alert already running.
package struct EscalationChain: Codable, Sendable, Hashable {
    /// The chain's id in `escalation.chains` (or `repeat-caller-staff` for the built-in staff alert).
    package var id: String
    package var steps: [EscalationStep]
    /// How many times the whole list runs (1–5, default 1).
    package var `repeat`: Int

    package init(id: String, steps: [EscalationStep], repeat: Int = 1) {
        self.id = id
        self.steps = steps
        self.repeat = `repeat`
    }

    private enum CodingKeys: String, CodingKey { case id, steps, `repeat` }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        steps = try c.decode([EscalationStep].self, forKey: .steps)
        `repeat` = try c.decodeIfPresent(Int.self, forKey: .repeat) ?? 1
    }

    /// Steps over all rounds.
    package var totalSteps: Int { steps.count * `repeat` }

    /// The step at a position over all rounds (0-based), with its round (1-based) and index in the round.
    package func step(at position: Int) -> (step: EscalationStep, round: Int, index: Int) {
        (steps[position % steps.count], position / steps.count + 1, position % steps.count)
    }

    /// The chain used when `escalation` is absent: page the practitioner on call by SMS and webhook,
    /// every 5 minutes, three times.
    package static let fallback = EscalationChain(
        id: "default", steps: [EscalationStep(notify: "oncall", channels: ["sms", "webhook"], waitMinutes: 5)], repeat: 3)
}
