import Foundation
import GRDB
import JSONRPC
import Kernel
import Logging

/// `patients.erase`: anonymises a patient in every module in one transaction (the right to
/// erasure, RGPD art. 17, as anonymisation): names, numbers, birth date, email, address and free
/// text go; ids, times, categories and statuses stay, so figures do not change. The patient row
/// keeps its id and gets `erasedAt`. Staff of the practice (the data controller) decide it; the
/// reason is required and the call is audited (the reason's text is not kept in the trail).
struct PatientsEraseMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let patientId: String
        let reason: String
    }
    struct Result: Encodable, Sendable {
        let patientId: String
        let erasedAt: Date
        /// Rows anonymised, by module.
        let rows: [String: Int]
    }

    static let name = "patients.erase"
    static let summary = "Anonymises a patient everywhere (identity and free text), keeping what figures count; audited."
    static let role = Role.staff
    static let effect = MethodEffect.write
    static var paramsSchema: Schema {
        .object([required("patientId", .string), required("reason", .string, "Why (the patient's request, …); 1 to 500 characters")])
    }
    static var resultSchema: Schema {
        .object([required("patientId", .string), required("erasedAt", .instant), required("rows", .map(.integer))])
    }

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let practiceId = context.practiceId
        let reason = p.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 500 else {
            throw RPCError.invalidParams(field: "reason", "must be 1 to 500 characters")
        }
        let id = p.patientId
        let registry = context.host.personalData
        let now = context.now
        let rows = try await context.write { db -> [String: Int]? in
            guard let subject = try PersonalDataSubject.patient(id, practiceId: practiceId, in: db) else { return nil }
            return try registry.erase(subject, at: now, in: db)
        }
        guard let rows else { throw RPCError.notFound("patient \"\(id)\"", field: "patientId") }
        // Old page images stay in the write-ahead log until a checkpoint: copy them back now, so the
        // erased values are gone from the files too (secure_delete zeroes the freed space).
        if let pool = context.store.sqlite as? DatabasePool {
            do { try await pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) } } catch {
                context.host.logger.warning("patients.erase: checkpoint after erasure deferred: \(error)")
            }
        }
        return Result(patientId: id, erasedAt: now, rows: rows)
    }
}
