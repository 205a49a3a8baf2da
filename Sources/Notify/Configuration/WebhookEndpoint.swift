/// One receiver of signed webhooks, from `notify.webhooks[]` in the configuration.
///
/// Promises: `url` is an absolute http(s) URL; `secrets` holds at least one key, the current one
/// first (more during a rotation: every delivery then carries one signature per secret).
package struct WebhookEndpoint: Sendable {
    /// Stable identifier, used as the outbox row's destination (`logiciel-cabinet`).
    package var id: String
    package var url: String
    package var secrets: [WebhookSecret]
    /// Event names this endpoint receives: exact (`escalation.raised`), a namespace wildcard
    /// (`escalation.*`) or `*` for all.
    package var events: [String]

    package init(id: String, url: String, secrets: [WebhookSecret], events: [String] = ["*"]) {
        self.id = id
        self.url = url
        self.secrets = secrets
        self.events = events
    }

    /// True when an event of this name is delivered to the endpoint.
    package func accepts(event: String) -> Bool {
        events.contains { filter in
            if filter == "*" || filter == event { return true }
            if filter.hasSuffix(".*") { return event.hasPrefix(String(filter.dropLast())) }
            return false
        }
    }

    /// The signer for deliveries to this endpoint.
    package var signer: StandardWebhookSigner { StandardWebhookSigner(secrets: secrets) }
}
