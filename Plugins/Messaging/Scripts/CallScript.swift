package import Foundation
package import Practice

/// The script for a call at one instant and site: the mode, what to say, and what to offer.
package struct CallScript: Sendable, Encodable {
    package let mode: ScriptMode
    package let siteId: String
    package let at: Date
    /// Whether the site's phone line is open at `at`.
    package let open: Bool
    /// While open: when the current opening ends.
    package let openUntil: Date?
    /// While closed: when the line reopens, and the same said in French (« lundi à 8 h »).
    package let nextOpening: Date?
    package let nextOpeningText: String?
    /// While closed: why, in French (« jour férié : Lundi de Pâques », « fermeture : congés d'été »,
    /// « pause déjeuner », « hors des heures d'ouverture »), and the same as a machine name
    /// (`holiday`, `closure`, `lunchBreak`, `outsideHours`).
    package let closedReason: String?
    package let closedReasonKind: String?
    package let waitingCalls: Int
    package let overflowThreshold: Int
    package let greeting: String
    package let instructions: String
    package let options: [ScriptOption]

    /// Chooses the mode from the site's calendar and the waiting calls, and fills the templates.
    package static func make(
        at instant: Date, siteId: String, calendar: BusinessCalendar, waitingCalls: Int,
        practiceName: String, configuration: MessagingConfiguration
    ) -> CallScript {
        let state = calendar.isOpen(at: instant)
        let mode: ScriptMode
        if state.isOpen {
            let threshold = configuration.overflowThreshold
            mode = threshold > 0 && waitingCalls > threshold ? .overflow : .open
        } else {
            switch state.reason {
            case .holiday?: mode = .holiday
            case .closure?: mode = .closure
            case .lunchBreak?: mode = .lunchBreak
            case .outsideHours?, nil: mode = .closed
            }
        }
        let wording = FrenchWording(timeZone: calendar.timeZone)
        // While open, the desk is reachable again once the busy spell is over.
        let nextOpeningText =
            state.isOpen
            ? "dans quelques minutes"
            : state.nextOpening.map { wording.at($0, from: instant) } ?? "à une date non connue"
        var values = [
            "practice": practiceName, "nextOpening": nextOpeningText, "oncall": configuration.oncall,
            "period": wording.period(of: mode, at: instant, nextOpening: state.nextOpening)
        ]
        switch state.reason {
        case .holiday(let holiday)?: values["holiday"] = holiday.name
        case .closure(let closure)?: values["closure"] = closure.reason
        default: break
        }
        let script = configuration.scripts[mode]!
        let options = ScriptOption.Kind.allCases.map { kind in
            ScriptOption(id: kind, label: configuration.options[kind]!.render(values), method: kind == .takeMessage ? "messaging.take" : nil)
        }
        return CallScript(
            mode: mode, siteId: siteId, at: instant, open: state.isOpen, openUntil: state.until,
            nextOpening: state.nextOpening, nextOpeningText: state.isOpen ? nil : nextOpeningText,
            closedReason: state.reason?.description, closedReasonKind: state.reason?.kind, waitingCalls: waitingCalls,
            overflowThreshold: configuration.overflowThreshold,
            greeting: script.greeting.render(values), instructions: script.instructions.render(values),
            options: options)
    }
}
