import Foundation
import JSONRPC
import Kernel
import Practice

/// Agenda's section of the call sheet (`calls.identify`): the caller's patients' appointments to
/// come, soonest first (at most five): the usual reason to call is one of them. Registered per
/// host: it reads the appointments of the host's practice.
struct AgendaCallSheet: CallSheetSection {
    let key = "appointments"
    let practiceId: String

    func items(for call: IdentifiedCall, in db: any StoreConnection) throws -> [JSONValue] {
        var coming: [Appointment] = []
        for id in call.patientIds { // from the call on, not the patient's whole history
            coming += try AgendaStore.appointmentsPage(from: call.at, patientId: id, after: nil, limit: 20, practiceId: practiceId, in: db)
                .map(\.item).filter(\.status.occupiesSlot)
        }
        return coming.sorted { $0.start < $1.start }.prefix(5).map { a in
            [
                "appointmentId": .string(a.id), "patientId": .string(a.patientId), "start": .string(RFC3339.format(a.start, in: call.timeZone)),
                "practitionerId": .string(a.practitionerId), "siteId": .string(a.siteId), "appointmentType": .string(a.appointmentTypeLabel),
                "status": .string(a.status.rawValue)
            ]
        }
    }
}
