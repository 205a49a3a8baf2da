package import GRDB

/// A feature module hosted by the kernel.
///
/// A plugin owns the method namespaces it declares (`agenda.` → `agenda.findSlots`), its tables
/// (migrations named after its id), its event topics and its background services. It never imports
/// another plugin: it talks to others through the kernel (events, the outbox, `KernelHost.services`).
package protocol Plugin: Sendable {
    /// Stable identifier, also the prefix of its migrations: `"agenda"`.
    var id: String { get }
    var version: String { get }
    /// Method-name prefixes this plugin owns (without the dot).
    var namespaces: [String] { get }
    /// Topics this plugin publishes (`agenda.booked`).
    var eventTopics: [String] { get }
    /// Who may receive each of `eventTopics` (role, patient data). A topic missing here is admin
    /// only (`EventAccess.undeclared`); a key that is not one of `eventTopics` is refused at install.
    var eventAccess: [String: EventAccess] { get }
    /// Events this plugin sends to the practice's webhooks (outbox rows of channel `webhook`). A
    /// webhook endpoint in the configuration may subscribe only to these (or `*`, `namespace.*`):
    /// anything else is a configuration error (`WebhookSubscription.issues`).
    var webhookEvents: [String] { get }
    /// Registers the plugin's migrations; their identifiers must start with `"\(id)."`.
    func registerMigrations(_ migrator: inout DatabaseMigrator)
    /// Registers the same tables for engines other than SQLite (PostgreSQL), as SQL through the
    /// store seam; identifiers start with `"\(id)."` too. The default registers none.
    func registerSchema(_ schema: inout SchemaMigrations)
    /// The plugin's methods, bound to the host.
    func methods(host: KernelHost) -> [AnyMethod]
    /// HTTP endpoints this plugin serves on the HTTP edge (`serve --http`); the default has none.
    /// Paths are shared by every plugin: two routes with the same method and pattern are refused.
    func httpRoutes(host: KernelHost) -> [HTTPRoute]
    /// Called once the database is migrated and every plugin's methods are registered: register
    /// shared services, start background work. The default does nothing.
    func start(host: KernelHost) async throws
    /// Called at shutdown, before the database closes.
    func stop() async
}

extension Plugin {
    package var eventTopics: [String] { [] }
    package var eventAccess: [String: EventAccess] { [:] }
    package var webhookEvents: [String] { [] }
    package func registerMigrations(_ migrator: inout DatabaseMigrator) {}
    package func registerSchema(_ schema: inout SchemaMigrations) {}
    package func httpRoutes(host: KernelHost) -> [HTTPRoute] { [] }
    package func start(host: KernelHost) async throws {}
    package func stop() async {}
}
