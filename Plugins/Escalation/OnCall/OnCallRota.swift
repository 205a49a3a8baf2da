package import Foundation
import Practice

/// Who is on call (*médecin de garde*) at any instant: the rotation, corrected by overrides,
/// evaluated on the practice's wall clock.
///
/// Promises:
/// - turns change at the handoff wall time on every local date, including daylight-saving days
///   (a daily turn then lasts 23 or 25 hours; a handoff time that falls in the skipped hour
///   happens at the instant the same wall time would have had before the jump, see
///   `LocalDateTime.instantMovingGapForward(in:)`);
/// - an override covering the instant wins over the rotation; among overlapping overrides the one
///   listed last wins;
/// - ``who(at:)`` also says until when the answer holds: the next instant at which the rotation
///   hands over or an override starts or ends, whichever comes first.
package struct OnCallRota: Sendable, Hashable {
    package let rotation: OnCallRotation
    package let overrides: [OnCallOverride]
    package let timeZone: TimeZone

    /// An override with both ends resolved to instants.
    private struct Window: Sendable, Hashable {
        var from: Date
        var to: Date
        var practitionerId: String
    }
    private let windows: [Window]

    /// Who is on call at an instant, and the bounds of that answer.
    package struct Answer: Sendable, Hashable {
        package var practitionerId: String
        /// Since when this answer holds (start of the turn or of the override).
        package var since: Date
        /// Until when it holds (exclusive).
        package var until: Date
        /// Index in `overrides` of the override that applies, nil for the rotation.
        package var overrideIndex: Int?
    }

    /// Builds the rota; `timeZone` is the practice's (`practice.timezone`).
    /// - Throws: ``OnCallRotaError`` with the configuration path when the order is empty or an
    ///   override is empty or ends before it starts.
    package init(rotation: OnCallRotation, overrides: [OnCallOverride] = [], timeZone: TimeZone) throws(OnCallRotaError) {
        guard !rotation.order.isEmpty else {
            throw OnCallRotaError(path: "oncall.rotation.order", message: "the rotation needs at least one practitioner")
        }
        if let blank = rotation.order.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw OnCallRotaError(path: "oncall.rotation.order[\(blank)]", message: "empty practitioner id")
        }
        var windows: [Window] = []
        for (i, override) in overrides.enumerated() {
            let from = override.from.resolve(in: timeZone, handoff: rotation.handoff)
            let to = override.to.resolve(in: timeZone, handoff: rotation.handoff)
            guard from < to else {
                throw OnCallRotaError(
                    path: "oncall.overrides[\(i)].to",
                    message: "'\(override.to)' is not after 'from' (\(override.from))")
            }
            windows.append(Window(from: from, to: to, practitionerId: override.practitionerId))
        }
        self.rotation = rotation
        self.overrides = overrides
        self.timeZone = timeZone
        self.windows = windows
    }

    /// The instants an override starts and ends.
    package func bounds(ofOverride index: Int) -> (from: Date, to: Date) { (windows[index].from, windows[index].to) }

    /// The practitioner on call at `instant`, and the instant at which that may change.
    package func who(at instant: Date) -> (practitionerId: String, until: Date) {
        let a = answer(at: instant)
        return (a.practitionerId, a.until)
    }

    /// The practitioner on call at `instant`, with the bounds of the answer and its source.
    package func answer(at instant: Date) -> Answer {
        let turn = rotationTurn(at: instant)
        if let k = windows.lastIndex(where: { $0.from <= instant && instant < $0.to }) {
            let active = windows[k]
            let preempted = windows[(k + 1)...].map(\.from).filter { $0 > instant && $0 < active.to }.min()
            // It started at its own start, or when a later-listed override covering it ended.
            let resumed = windows[(k + 1)...].map(\.to).filter { $0 <= instant && $0 > active.from }.max()
            return Answer(
                practitionerId: active.practitionerId, since: max(active.from, resumed ?? active.from),
                until: min(active.to, preempted ?? active.to), overrideIndex: k)
        }
        let nextOverride = windows.map(\.from).filter { $0 > instant && $0 < turn.end }.min()
        let lastOverrideEnd = windows.map(\.to).filter { $0 <= instant && $0 > turn.start }.max()
        return Answer(
            practitionerId: turn.practitionerId, since: max(turn.start, lastOverrideEnd ?? turn.start),
            until: min(turn.end, nextOverride ?? turn.end), overrideIndex: nil)
    }

    /// The rotation turn containing `instant`, ignoring overrides: who, and its bounds.
    package func rotationTurn(at instant: Date) -> (practitionerId: String, start: Date, end: Date) {
        let localDate = LocalDate(instant, in: timeZone)
        // The turn day is the latest local date whose handoff instant is not after `instant`.
        var turnDay = localDate
        if instant < handoffInstant(on: localDate) {
            turnDay = localDate.adding(days: -1)
        }
        let periodDays = rotation.period.days
        let n = floorDivision(turnDay.daysSince1970 - rotation.startDate.daysSince1970, periodDays)
        let startDay = rotation.startDate.adding(days: n * periodDays)
        let count = rotation.order.count
        let who = rotation.order[((n % count) + count) % count]
        return (who, handoffInstant(on: startDay), handoffInstant(on: startDay.adding(days: periodDays)))
    }

    private func handoffInstant(on date: LocalDate) -> Date {
        LocalDateTime(date, rotation.handoff).instantMovingGapForward(in: timeZone)
    }
}
