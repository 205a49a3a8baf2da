import Foundation
import Kernel
import Logging

/// Makes one delivery attempt for a claimed outbox row and records what happened.
///
/// Webhooks are signed per Standard Webhooks with the row's `messageId` as `webhook-id` (so every
/// retry carries the same id) and the attempt time as `webhook-timestamp`; the body sent is the
/// row's payload bytes, exactly the bytes signed. SMS go through the configured gateway with the
/// row's text as it is: its producer normalised it (``SMSText``). The HTTP exchange runs on the
/// client's own threads.
struct OutboxCourier: Sendable {
    let host: KernelHost
    let configuration: NotifyConfiguration
    let client: any HTTPClient
    let policies: RetryPolicies
    let endpoints: EndpointStates

    /// The request for `message`, or the reason it cannot be sent at all.
    func request(for message: OutboxMessage, at now: Date) -> Result<HTTPRequest, RefusalReason> {
        switch message.channel {
        case "webhook":
            guard let endpoint = configuration.endpoint(message.destination) else {
                return .failure(RefusalReason("no webhook endpoint \"\(message.destination)\" in notify.webhooks"))
            }
            if let reason = endpoints.disabledReason(endpoint.id) {
                return .failure(RefusalReason("endpoint \(endpoint.id) is disabled: \(reason)"))
            }
            return .success(endpoint.signer.request(url: endpoint.url, id: message.messageId, timestamp: now, body: Data(message.payload.utf8)))
        case "sms":
            guard let sms = configuration.sms else { return .failure(RefusalReason("no SMS gateway configured (notify.sms)")) }
            guard let to = (try? PhoneNumber(message.destination))?.e164 else {
                // The reason goes to logs and to secretaries: it does not repeat the destination.
                return .failure(RefusalReason("the destination is not a phone number"))
            }
            return .success(sms.gateway.request(to: to, text: message.payload))
        default:
            return .failure(RefusalReason("unknown channel \"\(message.channel)\""))
        }
    }

    struct RefusalReason: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }

    /// Sends `message` once, then writes the attempt and the row's next state and publishes its events with them.
    func deliver(_ message: OutboxMessage) async {
        let startedAt = host.clock.now()
        let attemptNumber = message.attempts + 1
        let request: HTTPRequest
        switch self.request(for: message, at: startedAt) {
        case .failure(let refusal):
            await finish(
                message, attempt: nil, attempts: message.attempts, status: .dead, next: nil, error: refusal.text,
                events: [("notify.deadLettered", refusal.text)])
            return
        case .success(let r):
            request = r
        }
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: DeliveryOutcome
        var errorText: String?
        var httpStatus: Int?
        var providerMessageId: String?
        do {
            let response = try await client.send(request)
            outcome = DeliveryOutcome(response)
            httpStatus = response.status
            if message.channel == "sms" { providerMessageId = configuration.sms?.gateway.providerMessageId(in: response) }
            if !(200...299).contains(response.status) {
                let snippet = String(decoding: response.body.prefix(200), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                errorText = "HTTP \(response.status)" + (snippet.isEmpty ? "" : ": " + snippet)
            }
        } catch is CancellationError {
            return // stopping: the row stays in flight and goes back to pending at the next start
        } catch {
            outcome = DeliveryOutcome(error)
            errorText = String(describing: error)
        }
        let elapsed = start.duration(to: clock.now)
        let durationMs = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let attempt = DeliveryAttempt(at: startedAt, httpStatus: httpStatus, error: errorText, durationMs: durationMs)
        let now = host.clock.now()
        switch policies.policy(for: message.urgency).nextAttempt(after: attemptNumber, outcome: outcome, now: now) {
        case .delivered:
            await finish(
                message, attempt: attempt, attempts: attemptNumber, status: .delivered, next: nil, error: nil,
                events: [("notify.delivered", nil)], providerMessageId: providerMessageId)
        case .retry(let at):
            await finish(message, attempt: attempt, attempts: attemptNumber, status: .pending, next: at, error: errorText, events: [])
        case .deadLetter(let reason):
            let text = Self.describe(reason, attempts: attemptNumber)
            var events: [(String, String?)] = [("notify.deadLettered", text)]
            if reason.disablesEndpoint, message.channel == "webhook" { events.append(("notify.endpointDisabled", text)) }
            await finish(
                message, attempt: attempt, attempts: attemptNumber, status: .dead, next: nil, error: text, events: events,
                disableEndpoint: reason.disablesEndpoint && message.channel == "webhook")
        }
    }

    /// Records the attempt and the row's new state. A row given up (`dead`) is offered, in the same
    /// transaction, to the modules behind it (`KernelHost.deliveryFailures`), and what they did is
    /// kept for `notify.failures`; the row's events and `notify.failed` are published with that
    /// transaction, and after the commit an error line is logged (ids and reason, never the
    /// destination or the payload).
    private func finish(
        _ message: OutboxMessage, attempt: DeliveryAttempt?, attempts: Int, status: DeliveryStatus, next: Date?,
        error: String?, events: [(String, String?)], disableEndpoint: Bool = false,
        providerMessageId: String? = nil
    ) async {
        let now = host.clock.now()
        let router = host.deliveryFailures
        let practiceId = host.practiceId
        let bus = host.events
        let failure = status == .dead ? message.failure(attempts: attempts, lastError: error, at: now) : nil
        let routed: (record: DeliveryFailureRecord?, listenerError: String?)
        do {
            routed = try await host.store.write { db in
                try OutboxStore.record(
                    attempt, rowID: message.rowID, status: status, nextAttemptAt: next, lastError: error, practiceId: practiceId, in: db, now: now)
                if let providerMessageId {
                    try OutboxStore.attach(providerMessageId: providerMessageId, rowID: message.rowID, practiceId: practiceId, in: db)
                }
                if disableEndpoint {
                    try OutboxStore.disableEndpoint(message.destination, reason: error ?? "410 Gone", practiceId: practiceId, in: db, now: now)
                }
                if status == .delivered, let handlings = try FailureStore.handlings(message.rowID, practiceId: practiceId, in: db), !handlings.isEmpty {
                    let still =
                        try message.reference.map {
                            try FailureStore.deadCount(reference: $0, channel: message.channel, practiceId: practiceId, in: db)
                        } ?? 0
                    try router.recovered(
                        .init(
                            messageId: message.messageId, reference: message.reference, handlings: handlings,
                            stillUndelivered: still, at: now), in: db)
                }
                var listenerError: (any Error)?
                if let failure {
                    listenerError = try FailureStore.route(failure, rowID: message.rowID, router: router, practiceId: practiceId, in: db).error
                }
                for (topic, reason) in events {
                    try bus.publish(topic, DeliveryEvent(message, attempts: attempts, reason: reason), in: db)
                }
                guard failure != nil, let record = try FailureStore.record(message.rowID, practiceId: practiceId, in: db) else { return (nil, nil) }
                try bus.publish("notify.failed", record, in: db)
                return (record, listenerError.map { String(describing: $0) })
            }
        } catch {
            host.logger.error("notify: cannot record delivery of \(message.messageId): \(error)")
            return
        }
        ServerMetrics.delivery(channel: message.channel, outcome: status == .pending ? "retry" : status.rawValue)
        if disableEndpoint { endpoints.disable(message.destination, reason: error ?? "410 Gone") }
        if let record = routed.record {
            host.logger.error("\(Self.logLine(record))")
            if let listenerError = routed.listenerError {
                host.logger.error("notify: a module could not take over \(message.messageId): \(listenerError)")
            }
        }
    }

    /// The error line for a notification given up: ids, event, attempts, reason and who took it
    /// over. Not the destination (a phone number identifies a person) nor the payload.
    static func logLine(_ r: DeliveryFailureRecord) -> String {
        let takenOver =
            r.handledBy.isEmpty
            ? "taken over by no module: see notify.failures"
            : "taken over by " + r.handledBy.map { h in h.handledBy + (h.reference.map { " (\($0))" } ?? "") }.joined(separator: ", ")
        return "notify: undelivered \(r.urgency.rawValue) \(r.channel) \(r.messageId) event=\(r.event) reference=\(r.reference ?? "-") "
            + "attempts=\(r.attempts) reason=\(r.lastError ?? "unknown"); \(takenOver)"
    }

    static func describe(_ reason: DeadLetterReason, attempts: Int) -> String {
        switch reason {
        case .rejected(let status): return "rejected with HTTP \(status); not retried"
        case .redirected(let status): return "redirect (HTTP \(status)) not followed; not retried"
        case .gone: return "HTTP 410 Gone: endpoint disabled"
        case .attemptsExhausted(let last):
            let what: String
            switch last {
            case .networkError(let text): what = text
            case .response(let status, _): what = "HTTP \(status)"
            }
            return "gave up after \(attempts) attempts; last: \(what)"
        }
    }
}
