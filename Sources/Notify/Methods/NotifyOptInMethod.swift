import Foundation
import JSONRPC
import Kernel

/// `notify.optIn`: a number that had replied STOP asks back for reminders, or a secretary records
/// the patient's consent; the number is taken off the list.
struct NotifyOptInMethod: OneKeyMethod {
    static let keyParam = required("phone", .string, "E.164 or a French form; normalised")
    struct Result: Encodable, Sendable {
        let phone: String
        /// False when the number was not on the list (nothing changed).
        let removed: Bool
    }
    static let name = "notify.optIn"
    static let summary = "Takes a number off the opt-out list (the patient asked back, or consented to a secretary)."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let resultSchema = Schema.object([
        required("phone", .string, "E.164"), required("removed", .boolean, "false when the number was not on the list")
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let practiceId = context.practiceId
        let phone: String
        do { phone = try PhoneNumber(p.key).e164 } catch { throw RPCError.invalidParams(field: "phone", "\(error)") }
        let removed = try await context.write { db in try OptOutStore.delete(phone, practiceId: practiceId, in: db) }
        return Result(phone: phone, removed: removed)
    }
}
