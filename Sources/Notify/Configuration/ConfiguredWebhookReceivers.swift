import Kernel

/// The events `notify.webhooks` subscribes to, as the modules ask before writing a webhook
/// (`KernelHost.receivesWebhook`). A disabled endpoint still receives: its rows wait for it.
struct ConfiguredWebhookReceivers: WebhookReceivers {
    let endpoints: [WebhookEndpoint]

    func receive(_ event: String) -> Bool { endpoints.contains { $0.accepts(event: event) } }
}
