import Foundation
import Kernel
import Practice

/// Writes an SMS to a patient in the outbox, in the caller's transaction: one of `PatientTexts`
/// filled with the appointment's date, time and site and the practice's name and number.
struct PatientSMS: Sendable {
    let texts: PatientTexts
    let directory: PracticeDirectory

    /// The values every text may name, for an appointment or a slot at `start` at `siteId`.
    func values(start: Date, siteId: String?, minutes: Int? = nil) -> [String: String] {
        let (date, time) = PatientTexts.dateAndTime(start, in: directory.timeZone)
        let phone =
            directory.profile.phone.flatMap { try? PhoneNumber($0) }.flatMap { $0.frenchNationalFormat ?? $0.e164 }
            ?? directory.profile.phone ?? ""
        var v = [
            "practice": directory.profile.shortName ?? directory.profile.name, "date": date, "time": time, "phone": phone,
            "site": directory.sites.first { $0.id == siteId }?.name ?? ""
        ]
        if let minutes { v["minutes"] = String(minutes) }
        return v
    }

    /// Enqueues the text `key` to `phone`; returns the text sent.
    @discardableResult
    func send(
        _ key: String, to phone: String, values: [String: String], event: String, reference: String, now: Date, practiceId: String,
        in db: any StoreConnection
    ) throws -> SMSText {
        let text = texts.render(key, values)
        try Outbox.enqueue(
            Outbox.Item(
                channel: "sms", destination: phone, event: event, payload: text.text, urgency: .normal,
                reference: reference), practiceId: practiceId, in: db, now: now)
        try ReminderStore.countSMS(
            day: LocalDate(now, in: directory.timeZone).description, event: event, segments: text.segmentCount, practiceId: practiceId, in: db)
        return text
    }
}
