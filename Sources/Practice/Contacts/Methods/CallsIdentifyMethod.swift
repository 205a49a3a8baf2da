import Foundation
import JSONRPC
import Kernel

/// `calls.identify`: what a secretary's console shows when a call arrives, in one round trip
/// (*levée de fiche*): the practice the dialled number belongs to and its script mode now, the
/// patients behind the caller's number, whether the number called lately (a repeat call), and what
/// each module knows of those patients (`CallSheet`: appointments to come, open messages, open
/// incidents). Everything is read in one read transaction.
struct CallsIdentifyMethod: InlineRPCMethod {
    struct Params: Decodable, Sendable {
        let dialled: PhoneNumber
        let caller: PhoneNumber?
        let at: Date?
    }
    struct PracticeView: Encodable, Sendable {
        let id: String
        let name: String
        let mode: String
    }
    struct PatientView: Encodable, Sendable {
        let id: String
        let name: String
    }
    struct Result: Encodable, Sendable {
        let practice: PracticeView
        let dialled: String
        let caller: String?
        let patients: [PatientView]
        /// Contacts from the caller's number within the repeat-caller window (24 h by default), before this call.
        let recentContacts: Int
        let lastContactAt: Date?
        let sections: [String: [JSONValue]]
    }

    static let name = "calls.identify"
    static let summary =
        "What to show when a call arrives: the practice dialled and its mode now, the caller's patients, a repeat call, their appointments, open messages and incidents."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    /// The dialled number opens its practice's sheet: no `practiceId` needed.
    static let scope = MethodScope.practiceByNumber(param: "dialled")
    /// The repeat window when no repeat-caller policy is registered.
    static let repeatWindowHours = 24
    static var paramsSchema: Schema {
        .object([
            required("dialled", PatientSchemas.phoneInput, "The number the patient dialled (one of practice.numbers)"),
            optional("caller", PatientSchemas.phoneInput, "The caller's number, when the telephony gives it"),
            optional("at", .instant, "When the call arrived; now by default")
        ])
    }
    static var resultSchema: Schema {
        .object([
            required("practice", .object([required("id", .string), required("name", .string), required("mode", .oneOf(PracticesListMethod.modes))])),
            required("dialled", .string), optional("caller", .string),
            required("patients", .array(.object([required("id", .string), required("name", .string, "First Last")]))),
            required(
                "recentContacts", .integer,
                "Contacts from the caller's number within the repeat-caller window (escalation.repeatCallers.windowHours, 24 h by default)"),
            optional("lastContactAt", .instant),
            required("sections", .map(.array(.any)), "Each module's items: appointments (to come), messages (open), incidents (open)")
        ])
    }

    let directory: PracticeDirectory
    let sheet: CallSheet

    /// A handful of indexed reads in one snapshot: answered on the thread that read the request
    /// (`Store.peekSnapshot`), without a task or a hop to the reader pool — the call a secretary
    /// waits on as she picks up.
    func handleInline(_ p: Params, context: RequestContext) throws -> Result {
        let practiceId = context.practiceId
        let profile = directory.profile
        let numbers = profile.numbers ?? []
        guard numbers.isEmpty || numbers.contains(p.dialled.e164) else {
            throw RPCError.notFound("practice answering on \(p.dialled.e164)", field: "dialled")
        }
        let at = p.at ?? context.host.clock.now()
        let mode = PracticesListMethod.mode(of: directory.calendars[directory.mainSite.id]!.isOpen(at: at))
        let caller = p.caller?.e164
        let sections = sheet.all
        let zone = directory.timeZone
        // The repeat-caller window of the practice's policy (`escalation.repeatCallers.windowHours`), 24 h without one.
        let window = context.host.services.resolve((any RepeatCallerPolicy).self)?.windowHours ?? Self.repeatWindowHours
        let since = at.addingTimeInterval(-Double(window) * 3600)
        let found = try context.store.peekSnapshot { db -> ([PatientView], [ContactEntry], [String: [JSONValue]]) in
            let ids = try caller.map { try PracticeStore.patientIds(phone: $0, practiceId: practiceId, in: db) } ?? []
            let patients = ids.compactMap { id in PracticeStore.summary(id, practiceId: practiceId, in: db).map { PatientView(id: id, name: $0.name) } }
            let recent = try caller.map { try PracticeStore.contacts(patientId: nil, phone: $0, from: since, to: at, practiceId: practiceId, in: db) } ?? []
            let call = IdentifiedCall(practiceId: practiceId, caller: caller, patientIds: ids, at: at, timeZone: zone)
            var items: [String: [JSONValue]] = [:]
            for section in sections { items[section.key] = try section.items(for: call, in: db) }
            return (patients, recent, items)
        }
        return Result(
            practice: PracticeView(id: profile.practiceId, name: profile.name, mode: mode), dialled: p.dialled.e164,
            caller: caller, patients: found.0, recentContacts: found.1.count, lastContactAt: found.1.map(\.offeredAt).max(),
            sections: found.2)
    }
}
