import Foundation
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
    /// The practice of the host that registered it: only its appointments are exported or erased.
    let practiceId: String

    func export(_ subject: PersonalDataSubject, in db: any StoreConnection) throws -> JSONValue {
        try AgendaStore.exportPersonalData(subject, practiceId: practiceId, in: db)
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: any StoreConnection) throws -> Int {
        try AgendaStore.erasePersonalData(subject, practiceId: practiceId, in: db)
    }
}
