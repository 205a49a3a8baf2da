import Foundation
import JSONRPC
import Kernel

/// Messaging's part of the data lifecycle (`messaging_message`).
///
/// A message belongs to the subject when it names the patient, or its caller, callback number or
/// SMS recipient is one of the subject's numbers. Erasure removes the caller, the text, the
/// callback number, the note, the SMS recipient and the prescription-renewal details; kind,
/// category, urgency, practitioner, deadlines, status and outcome stay. Retention (`messages`)
/// deletes completed messages completed before the cutoff; open ones are promises and stay.
struct MessagePersonalData: PersonalDataHolder {
    let name = "messages"
    /// The practice of the host that registered it: only its rows are exported, erased or purged.
    let practiceId: String

    func export(_ subject: PersonalDataSubject, in db: any StoreConnection) throws -> JSONValue {
        try MessagingStore.exportPersonalData(subject, practiceId: practiceId, in: db)
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: any StoreConnection) throws -> Int {
        try MessagingStore.erasePersonalData(subject, practiceId: practiceId, in: db)
    }

    func purge(_ retention: RetentionPolicy, now: Date, in db: any StoreConnection) throws -> [String: Int] {
        ["messages": try MessagingStore.purgeCompleted(before: retention.cutoff(.messages, now: now), practiceId: practiceId, in: db)]
    }
}
