import Foundation
import JSONRPC
import Kernel

/// `contacts.history`: one timeline across channels and modules, oldest first, for a patient
/// (their entries, plus unattached entries from their numbers) or for a phone number.
/// Reading it is written to the audit trail. Paged (`limit`, `cursor`): `nextCursor` when more follow.
struct ContactsHistoryMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let patientId: String?
        let phone: PhoneNumber?
        let from: Date?
        let to: Date?
        let limit: Int?
        let cursor: String?
    }
    struct Result: Encodable, Sendable {
        let patientId: String?
        let phone: String?
        let entries: [ContactTimeline.Item]
        /// The channels this page holds, in order of first use.
        let channels: [ContactEntry.Channel]
        let nextCursor: String?
    }

    static let name = "contacts.history"
    static let summary = "A patient's (or a phone number's) contact timeline across channels and modules; audited."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static var paramsSchema: Schema {
        .object(
            [
                optional("patientId", PatientSchemas.id, "Give patientId or phone"), optional("phone", PatientSchemas.phoneInput),
                optional("from", .instant, "Inclusive"), optional("to", .instant, "Exclusive")
            ]
                + PageCursor.paramsFields(standard: 200))
    }
    static var resultSchema: Schema {
        .object([
            optional("patientId", .string), optional("phone", .string, "E.164"),
            required("entries", .array(ContactSchemas.historyItem)),
            required("channels", .array(.oneOf(ContactEntry.Channel.allCases.map(\.rawValue)))),
            PageCursor.nextCursorField
        ])
    }

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let practiceId = context.practiceId
        if p.patientId != nil && p.phone != nil {
            throw RPCError.invalidParams(field: "phone", "give patientId or phone, not both")
        }
        if let from = p.from, let to = p.to, to < from {
            throw RPCError.unprocessable(field: "to", "is before from")
        }
        let limit = try PageCursor.limit(p.limit, standard: 200)
        let after = try PageCursor.decode(p.cursor, shape: [.real, .int])
        let from = p.from
        let to = p.to
        let rows: [(key: [PageKey], item: ContactTimeline.Item)]
        if let patientId = p.patientId {
            rows = try await context.store.read { db in
                guard let patient = try PatientRegistry.patient(patientId, practiceId: practiceId, in: db) else {
                    throw RPCError.notFound("patient \"\(patientId)\"", field: "patientId")
                }
                let phones = [patient.phone] + patient.relatedPersons.map(\.phone)
                return try PracticeStore.patientTimeline(
                    patientId, phones: phones, from: from, to: to, after: after, limit: limit + 1, practiceId: practiceId, in: db)
            }
        } else if let phone = p.phone?.e164 {
            rows = try await context.store.read { db in
                try PracticeStore.phoneTimeline(phone, from: from, to: to, after: after, limit: limit + 1, practiceId: practiceId, in: db)
            }
        } else {
            throw RPCError.invalidParams(field: "patientId", "give patientId or phone")
        }
        let page = Page(keyed: rows, limit: limit)
        let entries = page.items
        var channels: [ContactEntry.Channel] = []
        for item in entries where !channels.contains(item.entry.channel) { channels.append(item.entry.channel) }
        return Result(
            patientId: p.patientId, phone: p.phone?.e164, entries: entries, channels: channels,
            nextCursor: page.nextCursor)
    }
}
