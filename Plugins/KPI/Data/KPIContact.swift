package import Foundation
package import Practice

/// One incoming contact as the indicators see it, whichever its source: an inbound entry of the
/// contact journal or an imported call record.
///
/// `call` is set when the contact is a telephone call whose timing is known (offered, and
/// answered, abandoned or ended): only those feed QS, ASA, abandonment and DMC. Every contact
/// feeds the contact count, the channel mix and (when it names a patient) the recontact figures.
package struct KPIContact: Sendable, Hashable {
    package enum Origin: String, Sendable, Hashable { case journal, imported }

    package var offeredAt: Date
    package var channel: String
    package var motive: String?
    package var patientId: String?
    package var subject: String?
    package var site: String?
    package var practitioner: String?
    package var origin: Origin
    package var call: CallRecord?
    /// The practice the contact was made to (set when read for a pool; nil when built by hand).
    package var practiceId: String?

    /// The key two contacts share when they are about the same thing for the same patient:
    /// the patient and the folded subject, or the motive when there is no subject. Nil without a patient.
    package var recontactKey: String? {
        guard let patientId else { return nil }
        if let s = subject.map(TextFolding.fold), !s.isEmpty { return patientId + "|s|" + s }
        return patientId + "|m|" + (motive ?? "")
    }

    /// An inbound journal entry as a contact (outbound entries are not contacts received; entries
    /// of imported calls are counted from `kpi_call`, not twice).
    package init?(journal e: ContactEntry) {
        guard e.direction == .inbound, !KPICallJournal.isImportedCall(e) else { return nil }
        offeredAt = e.offeredAt
        channel = e.channel.rawValue
        motive = e.motive.rawValue
        patientId = e.patientId
        subject = e.subject
        origin = .journal
        guard e.channel == .phone else { return }
        if let answered = e.answeredAt {
            call = CallRecord(
                callId: e.id, queue: "journal", channel: channel, motive: motive, offeredAt: e.offeredAt,
                answeredAt: answered, endedAt: e.endedAt, waitSeconds: max(0, answered.timeIntervalSince(e.offeredAt)),
                talkSeconds: e.endedAt.map { max(0, $0.timeIntervalSince(answered)) }, agent: e.agent, outcome: .answered)
        } else if let abandoned = e.abandonedAt {
            call = CallRecord(
                callId: e.id, queue: "journal", channel: channel, motive: motive, offeredAt: e.offeredAt,
                abandonedAt: abandoned, waitSeconds: max(0, abandoned.timeIntervalSince(e.offeredAt)), agent: e.agent,
                outcome: .abandoned)
        } else if let ended = e.endedAt {
            call = CallRecord(
                callId: e.id, queue: "journal", channel: channel, motive: motive, offeredAt: e.offeredAt,
                endedAt: ended, waitSeconds: max(0, ended.timeIntervalSince(e.offeredAt)), agent: e.agent, outcome: .unanswered)
        }
    }

    /// An imported call record; its queue maps to a site or practitioner through `kpi.queues`, or
    /// directly when the queue is named after a site or practitioner id.
    package init(imported r: CallRecord, settings: KPISettings, siteIds: Set<String>, practitionerIds: Set<String>) {
        offeredAt = r.offeredAt
        channel = r.channel ?? "phone"
        motive = r.motive
        origin = .imported
        call = r
        let mapping = settings.queues[r.queue]
        site = mapping?.site ?? (siteIds.contains(r.queue) ? r.queue : nil)
        practitioner = mapping?.practitioner ?? (practitionerIds.contains(r.queue) ? r.queue : nil)
    }
}
