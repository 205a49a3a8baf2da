import Foundation
package import GRDB
package import Kernel
import Synchronization

/// The Notify module as a kernel plugin: delivers the transactional outbox (SMS and signed
/// webhooks) at least once, and serves `notify.*`.
///
/// Built from the `notify` section of the configuration (see `NotifyConfiguration`). `start`
/// recovers rows left in flight and starts the `DeliveryWorker`; `stop` stops it.
package final class NotifyPlugin: Plugin {
    package let id = "notify"
    package let version = "1.0"
    package let namespaces = ["notify"]
    package let webhookEvents = ["notify.test"]
    package let eventTopics = ["notify.delivered", "notify.deadLettered", "notify.endpointDisabled", "notify.failed", "notify.inboxReceived"]
    /// Deliveries name their destination (a patient's phone for reminders): staff, like `notify.list`, audited.
    /// `notify.failed` and `notify.inboxReceived` carry ids, channel and event but no payload: secretaries,
    /// who follow failures up (`notify.failures`, `notify.inbox`); the inbox item names the sender's number.
    package let eventAccess: [String: EventAccess] = [
        "notify.delivered": .patientData(.staff), "notify.deadLettered": .patientData(.staff),
        "notify.endpointDisabled": .operational(.staff),
        "notify.failed": .patientData(.secretary), "notify.inboxReceived": .patientData(.secretary)
    ]
    package let configuration: NotifyConfiguration
    package let httpClient: any HTTPClient
    package let retryPolicies: RetryPolicies
    package let endpoints = EndpointStates()
    /// Generic gateways posting inbound SMS to the HTTP edge (`http.gateways`).
    package let inboundGateways: [InboundGateway]
    private let running = Mutex<DeliveryWorker?>(nil)

    /// - Parameter httpClient: defaults to a `CurlHTTPClient` with one thread per `notify.concurrency`.
    /// - Throws: `ConfigurationError` listing every problem of the `notify` section.
    package init(
        configuration: ConfigurationDocument, httpClient: (any HTTPClient)? = nil,
        retryPolicies: RetryPolicies = .standard
    ) throws(ConfigurationError) {
        let settings = try NotifyConfiguration(document: configuration)
        self.configuration = settings
        inboundGateways = try InboundGateway.load(configuration)
        self.httpClient = httpClient ?? CurlHTTPClient(maxConcurrentTransfers: settings.concurrency)
        self.retryPolicies = retryPolicies
    }

    package init(
        settings: NotifyConfiguration, httpClient: any HTTPClient = CurlHTTPClient(), retryPolicies: RetryPolicies = .standard,
        inboundGateways: [InboundGateway] = []
    ) {
        configuration = settings
        self.inboundGateways = inboundGateways
        self.httpClient = httpClient
        self.retryPolicies = retryPolicies
    }

    /// The running worker (nil before `start` and after `stop`).
    package var worker: DeliveryWorker? { running.withLock { $0 } }

    package func registerMigrations(_ migrator: inout DatabaseMigrator) {
        OutboxStore.registerMigrations(&migrator)
        FailureStore.registerMigrations(&migrator)
        InboxStore.registerMigrations(&migrator)
        InboundMessageStore.registerMigrations(&migrator)
        DeliveryReceipts.registerMigrations(&migrator)
        OptOutStore.registerMigrations(&migrator)
        NotifyPracticeMigration.register(&migrator)
        OutboxStore.migrateUsage(&migrator)
    }

    package func registerSchema(_ schema: inout SchemaMigrations) {
        NotifySchema.register(&schema)
    }

    /// The gateways' webhooks on the HTTP edge (`serve --http`): inbound SMS and delivery receipts.
    /// Messages of unsigned gateways are fetched back through `httpClient`, within `GatewayFetch.timeout`.
    package func httpRoutes(host: KernelHost) -> [HTTPRoute] {
        let twilioToken = TwilioInboundRoute.authToken(configuration: configuration, document: host.configuration)
        return [
            TwilioInboundRoute.route(host: host, authToken: twilioToken), TwilioStatusRoute.route(host: host, authToken: twilioToken),
            GatewayInboundRoute.route(
                host: host, gateways: inboundGateways,
                client: TimeLimitedHTTPClient(httpClient, limit: GatewayFetch.timeout))
        ]
    }

    package func methods(host: KernelHost) -> [AnyMethod] {
        let poke: @Sendable () -> Void = { [weak self] in self?.worker?.poke() }
        // The opt-out list the modules texting patients check; registered with the methods, before any plugin starts.
        host.services.register((any SMSOptOuts).self, NotifyOptOuts(practiceId: host.practiceId) as any SMSOptOuts)
        host.services.register((any WebhookReceivers).self, ConfiguredWebhookReceivers(endpoints: configuration.webhooks) as any WebhookReceivers)
        host.services.resolve(UsageSources.self)?.add(NotifyUsage())
        return [
            AnyMethod(NotifyListMethod()), AnyMethod(NotifyGetMethod()), AnyMethod(NotifyRetryMethod(endpoints: endpoints, poke: poke)),
            AnyMethod(NotifyRetryAllMethod(endpoints: endpoints, poke: poke)), AnyMethod(NotifyFailuresMethod()), AnyMethod(NotifyInboxMethod()),
            AnyMethod(NotifyInboxDoneMethod()), AnyMethod(NotifyOptOutsMethod()), AnyMethod(NotifyOptInMethod()),
            AnyMethod(NotifyTestMethod(configuration: configuration, endpoints: endpoints)), AnyMethod(NotifyInboundSmsMethod()),
            AnyMethod(NotifyEndpointsMethod(configuration: configuration)),
            AnyMethod(NotifyEnableEndpointMethod(configuration: configuration, endpoints: endpoints))
        ]
    }

    package func start(host: KernelHost) async throws {
        let courier = OutboxCourier(host: host, configuration: configuration, client: httpClient, policies: retryPolicies, endpoints: endpoints)
        let worker = DeliveryWorker(
            host: host, courier: courier, concurrency: configuration.concurrency, lease: TimeInterval(configuration.leaseSeconds))
        try await worker.start()
        running.withLock { $0 = worker }
    }

    package func stop() async {
        guard
            let worker = running.withLock({ w -> DeliveryWorker? in
                defer { w = nil }
                return w
            })
        else { return }
        await worker.stop()
    }
}
