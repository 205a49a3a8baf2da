import Foundation
import JSONRPC
import Kernel
import Practice

/// Takes a practitioner's SMS reply `OK MK4T7Q` to an urgent message as taking it in charge:
/// the message is assigned to the practitioner whose mobile sent it.
///
/// Keywords are Escalation's (`escalation.acknowledgeKeywords`, default `OK`), read from the raw
/// configuration; a reply naming no messaging code is left to the other listeners.
struct SMSReplyListener: Sendable {
    let service: MessagingService
    let keywords: Set<String>

    init(service: MessagingService, configuration: ConfigurationDocument) {
        self.service = service
        let configured = configuration.root["escalation"]?["acknowledgeKeywords"]?.arrayValue?.compactMap(\.stringValue) ?? []
        keywords = Set((configured.isEmpty ? ["OK"] : configured).map { TextFolding.fold($0).uppercased() })
    }

    func handle(_ sms: InboundSMSRouter.Message, context: RequestContext) async throws -> InboundSMSRouter.Handling? {
        let words = TextFolding.fold(sms.text).uppercased().split(separator: " ").map(String.init)
        guard let codeWord = words.first(where: { $0.count == 6 && $0.hasPrefix("M") }) else { return nil }
        guard words.count == 1 || words.contains(where: keywords.contains) else { return nil }
        let now = context.now
        let message = try await context.store.read { db in try MessagingStore.message(code: codeWord, practiceId: context.practiceId, now: now, in: db) }
        guard let message, message.status != .completed else { return nil }
        let from = (try? PhoneNumber(sms.from).e164) ?? sms.from
        // Numbers match whatever form they were written or sent in (`06 39 98 12 01` and `+33 6 39 98 12 01`).
        let who = service.directory.practitioners.first { $0.mobile.map { PhoneNumber.sameSubscriber($0, from) } ?? false }
        // Only the practice's practitioners, or the number the message was sent to, may take it in charge.
        guard who != nil || message.smsTo.map({ PhoneNumber.sameSubscriber($0, from) }) == true else { return nil }
        let assigned = try await service.assign(message.id, to: who?.id ?? from, context: context)
        return .init(
            handledBy: "messaging", summary: "message \(assigned.code) pris en charge par \(who?.name ?? from)",
            reference: assigned.id)
    }
}
