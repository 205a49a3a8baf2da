import Foundation
package import Practice

/// The `oncall.rotation` block: practitioners take turns, in `order`, each for one `period`,
/// handing over at the local time `handoff`. The first turn (`order[0]`) starts on `startDate`
/// at `handoff`; the cycle extends both ways in time, so dates before `startDate` also have
/// someone on call.
///
/// ```yaml
/// rotation: {handoff: "20:00", order: [dr-martin, dr-benali, dr-roux], period: week, startDate: "2026-01-05"}
/// ```
package struct OnCallRotation: Codable, Sendable, Hashable {
    /// Local time of the handoff (`HH:mm`, default `08:00`).
    package var handoff: LocalTime
    /// Practitioner ids in turn order. Must not be empty; an id may appear several times
    /// (a practitioner who takes two turns per cycle).
    package var order: [String]
    /// Length of a turn (default `week`).
    package var period: RotaPeriod
    /// Local date on which `order[0]` starts a turn (default `2026-01-05`, a Monday).
    package var startDate: LocalDate

    package static let defaultHandoff = LocalTime(hour: 8, minute: 0)!
    package static let defaultStartDate = LocalDate(year: 2026, month: 1, day: 5)!

    package init(
        handoff: LocalTime = defaultHandoff, order: [String], period: RotaPeriod = .week,
        startDate: LocalDate = defaultStartDate
    ) {
        self.handoff = handoff
        self.order = order
        self.period = period
        self.startDate = startDate
    }

    private enum CodingKeys: String, CodingKey { case handoff, order, period, startDate }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        handoff = try container.decodeIfPresent(LocalTime.self, forKey: .handoff) ?? Self.defaultHandoff
        if handoff == .endOfDay {
            throw DecodingError.dataCorruptedError(
                forKey: .handoff, in: container,
                debugDescription: "a handoff at midnight is written \"00:00\", not \"24:00\"")
        }
        order = try container.decode([String].self, forKey: .order)
        period = try container.decodeIfPresent(RotaPeriod.self, forKey: .period) ?? .week
        startDate = try container.decodeIfPresent(LocalDate.self, forKey: .startDate) ?? Self.defaultStartDate
    }
}
