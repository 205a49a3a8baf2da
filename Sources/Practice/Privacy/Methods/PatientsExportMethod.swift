import Foundation
import JSONRPC
import Kernel

/// `patients.export`: everything the service holds about a patient, module by module, as JSON
/// (the right of access, RGPD art. 15). -32004 naming `patientId` when unknown; audited.
struct PatientsExportMethod: OneKeyMethod {
    static var keyParam: Schema.Field { required("patientId", .string) }
    struct Result: Encodable, Sendable {
        let patientId: String
        let exportedAt: Date
        /// Set when the patient was erased: what is left is anonymous.
        let erasedAt: Date?
        /// Each module's part, by holder name (`patients`, `contacts`, `appointments`, `messages`…).
        let data: JSONValue
    }

    static let name = "patients.export"
    static let summary = "Everything held about a patient, by module, as JSON (right of access); audited."
    static let role = Role.staff
    static let effect = MethodEffect.sensitiveRead
    static var resultSchema: Schema {
        .object([
            required("patientId", .string), required("exportedAt", .instant), optional("erasedAt", .instant),
            required("data", .map(.any), "One member per module holding patient data")
        ])
    }

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let practiceId = context.practiceId
        let id = p.key
        let registry = context.host.personalData
        let found = try await context.store.read { db -> (JSONObject, Date?)? in
            guard let subject = try PersonalDataSubject.patient(id, practiceId: practiceId, in: db) else { return nil }
            return (try registry.export(subject, in: db), try PracticeStore.erasedAt(id, practiceId: practiceId, in: db))
        }
        guard let (data, erasedAt) = found else { throw RPCError.notFound("patient \"\(id)\"", field: "patientId") }
        return Result(patientId: id, exportedAt: context.now, erasedAt: erasedAt, data: .object(data))
    }
}
