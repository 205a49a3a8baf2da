import Foundation

/// The patient whose data is exported or erased, as every module needs to find it.
///
/// Built once by the patient file (module `Practice`) before anything changes, so that every
/// module looks for the same person even after the patient row has been anonymised.
package struct PersonalDataSubject: Sendable, Equatable {
    /// The patient's id; rows linked to it belong to the subject.
    package let patientId: String
    /// E.164 numbers of the patient and of their related persons, minus numbers that another
    /// (not erased) patient also uses: rows with no patient link but one of these numbers (a
    /// message left by the patient's mother, an SMS sent to the patient) belong to the subject.
    package let phones: [String]
    /// Identifying strings (names, email, birth date, phone numbers as written in French) that
    /// must not survive in free text (outbox payloads, the audit trail's older rows).
    package let identifiers: [String]

    package init(patientId: String, phones: [String], identifiers: [String]) {
        self.patientId = patientId
        self.phones = phones
        // Very short strings ("Li") would match inside unrelated words: only longer ones are searched.
        self.identifiers = Array(Set(identifiers.filter { $0.count >= 3 })).sorted()
    }

    /// The patient id as a JSON string (`"pat_…"`, quotes included): payloads and audit params
    /// are JSON, and the quotes keep a short id from matching inside other values.
    package var quotedPatientId: String { "\"" + patientId + "\"" }

    /// The quoted patient id, the phones and the identifiers: every string whose presence in a
    /// payload ties it to the subject.
    package var needles: [String] { [quotedPatientId] + phones + identifiers }

    /// Whether `text` mentions the subject (case-insensitive for identifiers).
    package func isMentioned(in text: String) -> Bool {
        if text.contains(quotedPatientId) || phones.contains(where: { text.contains($0) }) { return true }
        return identifiers.contains { text.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
    }
}
