import Foundation
import JSONRPC
import Kernel

/// KPI's part of the data lifecycle (`kpi_call`, imported call records).
///
/// Imported records keep no caller number or name (the importer reads times, queue, agent,
/// outcome), so nothing in them names a patient: export and erasure find nothing. Retention
/// (`callRecords`) deletes records offered before the cutoff; the figures of those periods go with them.
struct CallRecordPersonalData: PersonalDataHolder {
    let name = "callRecords"
    /// The practice of the host that registered it: only its records are purged.
    let practiceId: String

    func export(_ subject: PersonalDataSubject, in db: any StoreConnection) throws -> JSONValue { .array([]) }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: any StoreConnection) throws -> Int { 0 }

    func purge(_ retention: RetentionPolicy, now: Date, in db: any StoreConnection) throws -> [String: Int] {
        ["callRecords": try KPICallStore.purge(offeredBefore: retention.cutoff(.callRecords, now: now), practiceId: practiceId, in: db)]
    }
}
