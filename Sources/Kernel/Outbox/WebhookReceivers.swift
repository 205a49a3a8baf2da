/// Which events the practice's webhook endpoints receive, as the module that delivers webhooks
/// (Notify) reads them from its configuration (`notify.webhooks[].events`).
///
/// A module may leave out of the outbox a webhook that no endpoint receives
/// (`KernelHost.receivesWebhook`): the row would be written, claimed and closed as "no endpoint
/// subscribed" for nothing, on every booking of a practice whose software listens to none. With
/// no such module installed, every webhook is written, as before.
package protocol WebhookReceivers: Sendable {
    /// True when at least one endpoint receives an event named `event` (exactly, by its
    /// namespace's wildcard, or by `*`).
    func receive(_ event: String) -> Bool
}

extension KernelHost {
    /// Whether a webhook for `event` would reach any endpoint of this practice; true unless the
    /// delivering module says none receives it.
    package func receivesWebhook(_ event: String) -> Bool {
        services.resolve((any WebhookReceivers).self)?.receive(event) ?? true
    }
}
