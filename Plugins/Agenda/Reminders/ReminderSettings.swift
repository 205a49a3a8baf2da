import Foundation
import JSONRPC
import Kernel
package import Practice

/// The `reminders` section: when appointment reminders go out and what they and the answers to
/// the patients' replies say.
///
/// A reminder goes `daysBefore` days before the appointment (same local time) when it was booked
/// at most `farAheadAfterDays` days ahead, `daysBeforeFarAhead` days before otherwise; it goes
/// out only inside `allowedHours`, not on Sundays nor public holidays unless allowed (a reminder
/// due outside them goes at the next allowed time, or, if that is too close to the appointment,
/// at the last allowed time before). An appointment booked after its reminder time gets none.
package struct ReminderSettings: Sendable {
    /// One appointment type's rule (`reminders.types.<typeId>`).
    struct TypeRule: Decodable, Sendable {
        var send: Bool?
        var daysBefore: Int?
    }

    /// The section as written.
    struct Section: Decodable, Sendable {
        var enabled: Bool?
        var allowedHours: LocalTimeRange?
        var sundays: Bool?
        var publicHolidays: Bool?
        var daysBefore: Int?
        var daysBeforeFarAhead: Int?
        var farAheadAfterDays: Int?
        var minimumNoticeHours: Double?
        var types: [String: TypeRule]?
        var texts: [String: String]?
    }

    package var enabled = true
    package var allowedHours = LocalTimeRange("09:00-20:00")!
    package var sundays = false
    package var publicHolidays = false
    package var daysBefore = 1
    package var daysBeforeFarAhead = 2
    package var farAheadAfterDays = 7
    /// A reminder never goes out later than this before the appointment.
    package var minimumNoticeHours = 2.0
    /// Per appointment type: `send: false` turns reminders off, `daysBefore` fixes the lead.
    var types: [String: TypeRule] = [:]
    package var texts = PatientTexts()

    package init() {}

    /// Reads `reminders` (and the texts of `waitlist.texts` are read by `WaitlistSettings`); problems go to `issues`.
    init(configuration: ConfigurationDocument, typeIds: Set<String>, issues: inout [ConfigurationIssue]) {
        guard let s = configuration.decode(Section.self, at: "reminders", default: Section(), issues: &issues) else { return }
        enabled = s.enabled ?? enabled
        allowedHours = s.allowedHours ?? allowedHours
        sundays = s.sundays ?? sundays
        publicHolidays = s.publicHolidays ?? publicHolidays
        daysBefore = s.daysBefore ?? daysBefore
        daysBeforeFarAhead = s.daysBeforeFarAhead ?? daysBeforeFarAhead
        farAheadAfterDays = s.farAheadAfterDays ?? farAheadAfterDays
        minimumNoticeHours = s.minimumNoticeHours ?? minimumNoticeHours
        for (key, value) in [("daysBefore", daysBefore), ("daysBeforeFarAhead", daysBeforeFarAhead)] where !(0...14).contains(value) {
            issues.append(configuration.issue("reminders.\(key)", "expected 0 to 14 days"))
        }
        if !(0...60).contains(farAheadAfterDays) { issues.append(configuration.issue("reminders.farAheadAfterDays", "expected 0 to 60 days")) }
        if !(0...72).contains(minimumNoticeHours) { issues.append(configuration.issue("reminders.minimumNoticeHours", "expected 0 to 72 hours")) }
        if allowedHours.minutes < 60 { issues.append(configuration.issue("reminders.allowedHours", "allow at least one hour a day")) }
        types = s.types ?? [:]
        for (id, rule) in types.sorted(by: { $0.key < $1.key }) {
            if !typeIds.contains(id) {
                let hint = NearestName.suggestion(for: id, among: Array(typeIds)).map { "did you mean `\($0)`? " } ?? ""
                issues.append(
                    configuration.keyIssue("reminders.types.\(id)", "unknown appointment type; \(hint)known: \(typeIds.sorted().joined(separator: ", "))"))
            }
            if let d = rule.daysBefore, !(0...14).contains(d) {
                issues.append(configuration.issue("reminders.types.\(id).daysBefore", "expected 0 to 14 days"))
            }
        }
        texts.override(s.texts ?? [:], path: "reminders.texts", keys: PatientTexts.reminderKeys, configuration: configuration, issues: &issues)
    }

    /// Whether appointments of this type get reminders.
    func sends(typeId: String) -> Bool { enabled && types[typeId]?.send != false }

    /// The lead in days for an appointment of `typeId` starting at `start`, booked at `bookedAt`.
    func daysBefore(typeId: String, start: Date, bookedAt: Date) -> Int {
        if let fixed = types[typeId]?.daysBefore { return fixed }
        return start.timeIntervalSince(bookedAt) > Double(farAheadAfterDays) * 86_400 ? daysBeforeFarAhead : daysBefore
    }
}
