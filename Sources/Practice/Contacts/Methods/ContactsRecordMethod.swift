import Foundation
import JSONRPC
import Kernel

/// `contacts.record`: adds one contact (a call, an SMS, a mail…) to the journal, with who called
/// (the patient or a proxy) and its timing. Publishes `contacts.recorded`.
struct ContactsRecordMethod: RPCMethod {
    struct Caller: Decodable, Sendable {
        let name: String?
        let phone: PhoneNumber?
        let relationship: ContactEntry.Relationship
    }
    struct Params: Decodable, Sendable {
        let channel: ContactEntry.Channel
        let direction: ContactEntry.Direction
        let patientId: String?
        let caller: Caller
        let motive: ContactEntry.Motive
        let subject: String?
        let offeredAt: Date
        let answeredAt: Date?
        let endedAt: Date?
        let abandonedAt: Date?
        let agent: String?
        let outcome: String?
        let notes: String?
    }

    /// How far in the future (clock skew) an instant may be, in seconds.
    static let futureTolerance: TimeInterval = 300
    static let name = "contacts.record"
    static let summary = "Records a contact on any channel in the patient's history (proxy callers included)."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static var paramsSchema: Schema {
        .object([
            required("channel", .oneOf(ContactEntry.Channel.allCases.map(\.rawValue))),
            required("direction", .oneOf(ContactEntry.Direction.allCases.map(\.rawValue))),
            required("caller", ContactSchemas.caller),
            required("motive", .oneOf(ContactEntry.Motive.allCases.map(\.rawValue))),
            required("offeredAt", .instant, "When the contact arrived (entered the queue)"),
            optional("patientId", PatientSchemas.id), optional("subject", PatientSchemas.text),
            optional("answeredAt", .instant), optional("endedAt", .instant), optional("abandonedAt", .instant, "The caller hung up unanswered"),
            optional("agent", PatientSchemas.text, "Who handled it"), optional("outcome", PatientSchemas.text),
            optional("notes", PatientSchemas.notes)
        ])
    }
    static var resultSchema: Schema { ContactSchemas.entry }

    func handle(_ p: Params, context: RequestContext) async throws -> ContactEntry {
        let practiceId = context.practiceId
        let now = context.now
        if p.offeredAt.timeIntervalSince(now) > Self.futureTolerance {
            throw RPCError.unprocessable(field: "offeredAt", "is in the future")
        }
        if let answered = p.answeredAt, answered < p.offeredAt {
            throw RPCError.unprocessable(field: "answeredAt", "is before offeredAt")
        }
        if let abandoned = p.abandonedAt {
            if abandoned < p.offeredAt { throw RPCError.unprocessable(field: "abandonedAt", "is before offeredAt") }
            if p.answeredAt != nil { throw RPCError.unprocessable(field: "abandonedAt", "a contact is either answered or abandoned, not both") }
        }
        if let ended = p.endedAt, ended < (p.answeredAt ?? p.offeredAt) {
            throw RPCError.unprocessable(field: "endedAt", p.answeredAt == nil ? "is before offeredAt" : "is before answeredAt")
        }
        for (field, instant) in [("answeredAt", p.answeredAt), ("endedAt", p.endedAt), ("abandonedAt", p.abandonedAt)] {
            if let instant, instant.timeIntervalSince(now) > Self.futureTolerance {
                throw RPCError.unprocessable(field: field, "is in the future")
            }
        }
        let entry = ContactEntry(
            channel: p.channel, direction: p.direction, patientId: p.patientId,
            caller: .init(
                name: try PatientValidation.text(p.caller.name, field: "caller.name"), phone: p.caller.phone?.e164,
                relationship: p.caller.relationship),
            motive: p.motive, subject: try PatientValidation.text(p.subject, field: "subject"),
            offeredAt: p.offeredAt, answeredAt: p.answeredAt, endedAt: p.endedAt, abandonedAt: p.abandonedAt,
            agent: try PatientValidation.text(p.agent, field: "agent"), outcome: try PatientValidation.text(p.outcome, field: "outcome"),
            notes: try PatientValidation.text(p.notes, field: "notes", limit: PatientValidation.maximumNotesLength), source: "practice", kind: "contact")
        let recorded = try await context.write { db in
            if let id = entry.patientId, !PatientRegistry.exists(id, practiceId: practiceId, in: db) {
                throw RPCError.notFound("patient \"\(id)\"", field: "patientId")
            }
            let recorded = try ContactJournal.append(entry, practiceId: practiceId, in: db)
            try context.publish("contacts.recorded", recorded, in: db)
            return recorded
        }
        return recorded
    }
}
