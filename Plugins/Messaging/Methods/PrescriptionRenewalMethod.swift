import Foundation
import JSONRPC
import Kernel

/// `messaging.prescriptionRenewal`: a renewal request (*renouvellement d'ordonnance*). An essential
/// treatment out of stock goes the urgent way (SMS to the practitioner, or a transfer, per
/// `messaging.prescriptionRenewal.essentialOutOfStock`); anything else becomes a callback message
/// for the next business day, and the caller is told when to expect it. A request for a patient who
/// already has an open renewal (from this method or the `renouvellement`-type triage) joins it.
struct PrescriptionRenewalMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        var patientId: String
        var medications: [Message.Renewal.Medication]
        var stock: Message.Renewal.Stock
        var pharmacy: String?
        var callbackNumber: String?
        var practitionerId: String?
        var caller: Message.Caller?
        var siteId: String?
    }
    static let name = "messaging.prescriptionRenewal"
    static let summary = "Records a prescription renewal request; an essential treatment out of stock goes the urgent way."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("patientId", .string),
        required("medications", .array(.object([required("name", .text(200)), optional("essential", .boolean, "must not be interrupted")])).maxItems(20)),
        required("stock", .oneOf(Message.Renewal.Stock.allCases.map(\.rawValue)), "how much the patient has left"),
        optional("pharmacy", .text(200)),
        optional("callbackNumber", .text(40), "required when the request goes the urgent way by SMS"),
        optional("practitionerId", .string, "the prescriber; urgent requests page them"),
        optional("caller", MessageSchemas.caller, "a proxy calling for the patient"),
        optional("siteId", .string)
    ])
    static let resultSchema = MessageSchemas.takeResult

    let service: MessagingService

    func handle(_ p: Params, context: RequestContext) async throws -> TakeResult {
        guard !p.medications.isEmpty else { throw RPCError.invalidParams(field: "medications", "list at least one medication") }
        for (i, m) in p.medications.enumerated() where m.name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw RPCError.invalidParams(field: "medications[\(i)].name", "must not be empty")
        }
        let urgent = p.stock == .out && p.medications.contains { $0.essential == true }
        let path = service.configuration.essentialOutOfStock
        if urgent && path == .sms && p.callbackNumber == nil {
            throw RPCError.unprocessable(field: "callbackNumber", "an essential treatment out of stock pages the practitioner, who needs a number to call back")
        }
        let stockText =
            switch p.stock {
            case .out: "épuisé"
            case .runningLow: "bientôt épuisé"
            case .enough: "suffisant"
            }
        let list = p.medications.map { $0.name + ($0.essential == true ? " (essentiel)" : "") }.joined(separator: ", ")
        var text = "Renouvellement d'ordonnance : \(list). Stock : \(stockText)."
        if let pharmacy = p.pharmacy, !pharmacy.isEmpty { text += " Pharmacie : \(pharmacy)." }
        var draft = MessageDraft(
            kind: "prescriptionRenewal", siteId: p.siteId, patientId: p.patientId, caller: p.caller,
            category: .prescription, text: text, callbackNumber: p.callbackNumber,
            urgency: urgent ? .urgent : .normal, practitionerId: p.practitionerId,
            renewal: Message.Renewal(medications: p.medications, stock: p.stock, pharmacy: p.pharmacy))
        if urgent && path == .transfer {
            draft.notice = "transfer"
            draft.transferNumber = service.configuration.renewalTransferNumber
            draft.sendsSMS = false
        }
        // One renewal path: a request for a patient (or number) with an open renewal joins it,
        // whether that one came from this method or from a triage. Two requests at once: the second
        // to write sees the first's renewal inside its transaction and joins it.
        for _ in 0..<2 {
            if var joined = try await service.joinOpenRenewal(draft, alertsPractitioner: urgent && path == .sms, context: context) {
                joined.urgentPath = urgent ? path.rawValue : nil
                return joined
            }
            do {
                var result = try await service.record(draft, context: context)
                result.urgentPath = urgent ? path.rawValue : nil
                return result
            } catch is MessagingService.RenewalOpenedMeanwhile {
                continue
            }
        }
        throw RPCError(.internalError, "the open renewal could be neither joined nor recorded")
    }
}
