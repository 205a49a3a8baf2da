import Foundation
import GRDB
import JSONRPC
import Kernel

/// The agenda's part of the data lifecycle (`agenda_appointment`).
///
/// An appointment belongs to the subject when it is the patient's or was booked from one of the
/// subject's numbers. Erasure removes the patient's name, the caller (name, number,
/// relationship), the notes and the cancellation reason; time, practitioner, site, type, status
/// and the patient id (whose record is anonymised too) stay, so occupancy and figures do not
/// change. Appointments have no retention class here: they are the practice's agenda.
struct AppointmentPersonalData: PersonalDataHolder {
    let name = "appointments"

    private func condition(_ subject: PersonalDataSubject) -> (String, StatementArguments) {
        let phones = PersonalDataRows.phoneArguments(subject)
        return ("patientId = ? OR callerPhone IN \(PersonalDataRows.placeholders(phones.count))",
                [subject.patientId] + StatementArguments(phones))
    }

    func export(_ subject: PersonalDataSubject, in db: Database) throws -> JSONValue {
        let (sql, arguments) = condition(subject)
        return try PersonalDataRows.fetch(db, sql: """
            SELECT id, practitionerId, siteId, typeId, typeLabel, patientId, patientName, newPatient, callerName, callerPhone,
              callerRelationship, start, end, status, notes, createdAt, updatedAt, bookedBy, cancelReason, rescheduledFrom, rescheduledTo
            FROM agenda_appointment WHERE \(sql) ORDER BY start, id
            """, arguments: arguments)
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: Database) throws -> Int {
        let (sql, arguments) = condition(subject)
        try db.execute(sql: """
            UPDATE agenda_appointment SET patientName = NULL, callerName = NULL, callerPhone = NULL, callerRelationship = NULL,
              notes = NULL, cancelReason = NULL WHERE \(sql)
            """, arguments: arguments)
        return db.changesCount
    }
}
