import Foundation
import GRDB
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

    private func condition(_ subject: PersonalDataSubject) -> (String, StatementArguments) {
        let phones = PersonalDataRows.phoneArguments(subject)
        let list = PersonalDataRows.placeholders(phones.count)
        return ("patientId = ? OR callerPhone IN \(list) OR callbackNumber IN \(list) OR smsTo IN \(list)",
                [subject.patientId] + StatementArguments(phones) + StatementArguments(phones) + StatementArguments(phones))
    }

    func export(_ subject: PersonalDataSubject, in db: Database) throws -> JSONValue {
        let (sql, arguments) = condition(subject)
        return try PersonalDataRows.fetch(db, sql: "SELECT \(Message.columns) FROM messaging_message WHERE \(sql) ORDER BY takenAt, rowid",
                                          arguments: arguments)
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: Database) throws -> Int {
        let (sql, arguments) = condition(subject)
        try db.execute(sql: """
            UPDATE messaging_message SET callerName = NULL, callerPhone = NULL, callerRelationship = NULL, text = '',
              callbackNumber = NULL, note = NULL, smsTo = NULL, renewal = NULL WHERE \(sql)
            """, arguments: arguments)
        return db.changesCount
    }

    func purge(_ retention: RetentionPolicy, now: Date, in db: Database) throws -> [String: Int] {
        try db.execute(sql: "DELETE FROM messaging_message WHERE status = 'completed' AND completedAt < ?",
                       arguments: [retention.cutoff(.messages, now: now).timeIntervalSince1970])
        return ["messages": db.changesCount]
    }
}
