package import Foundation
package import GRDB
package import JSONRPC
package import Logging
import Synchronization

/// The kernel: everything a plugin may use — store, clock, configuration, events, services —
/// and the registry of installed plugins and their methods.
package final class KernelHost: Sendable {
    package static let version = "0.1.0"
    /// The id of a practice whose file has no `practice.id` (a single `--config` practice).
    package static let defaultPracticeId = "default"

    package let store: Store
    package let clock: any WallClock
    package let configuration: ConfigurationDocument
    /// The practice this host serves (`practice.id`, or `default`): every operational row it
    /// writes carries it in its `practiceId` column, and every query it makes is limited to it.
    package let practiceId: String
    /// Where this practice's HTTP routes are served besides the root: `/practices/{practiceId}`;
    /// empty for a practice without `practice.id` (a single `--config` practice).
    package var httpPathPrefix: String { Self.httpPathPrefix(configuration) }
    /// The practice's IANA zone (`practice.timezone`, default Europe/Paris); instants on the wire use its offset.
    package let timeZone: TimeZone
    package let encoder: WireEncoder
    package let events: EventBus
    package let registry = PluginRegistry()
    package let services = ServiceRegistry()
    /// Inbound SMS replies, routed to the modules that listen (acknowledgements).
    package let inboundSMS = InboundSMSRouter()
    /// Notifications that could not be delivered, routed to the modules that made the promise behind them.
    package let deliveryFailures = DeliveryFailureRouter()
    /// Fired after every commit of this host's store that enqueued outbox rows of its practice; the
    /// delivery worker waits on it. Each host has its own: hosts never wake each other.
    package let outboxSignal: WakeSignal
    /// The modules holding patient data, for export, erasure and the retention purge.
    package let personalData: PersonalDataRegistry
    package let tokens: TokenStore
    package let audit: AuditLog
    package let logger: Logger
    package let startedAt: Date
    /// The largest line accepted, in bytes.
    package let maximumLineLength: Int
    private let installed = Mutex<[any Plugin]>([])
    private let topics = Mutex<Set<String>>(["*"])
    /// Flushes of the modules' write-behinds (`writeBehind(label:…)`).
    private let writeBehinds = Mutex<[@Sendable () async -> Void]>([])
    private let sessionCount = Atomic<Int>(0)
    private let discoverDocument = Mutex<JSONValue?>(nil)

    /// The OpenRPC document, built once: methods do not change after `install`.
    package var openRPCDocument: JSONValue {
        if let d = discoverDocument.withLock({ $0 }) { return d }
        let d = OpenRPCDocument.build(host: self)
        discoverDocument.withLock { $0 = d }
        return d
    }

    /// `/practices/{practice.id}`, or empty when the file names no practice id.
    package static func httpPathPrefix(_ configuration: ConfigurationDocument) -> String {
        configuration.root["practice"]?["id"]?.stringValue.map { "/practices/" + $0 } ?? ""
    }

    package init(
        store: Store, clock: any WallClock = SystemClock(), configuration: ConfigurationDocument,
        logger: Logger = Logger(label: "permanence"), maximumLineLength: Int = 1 << 20
    ) throws {
        self.store = store
        self.clock = clock
        let outboxSignal = WakeSignal()
        self.outboxSignal = outboxSignal
        self.configuration = configuration
        practiceId = configuration.root["practice"]?["id"]?.stringValue ?? Self.defaultPracticeId
        // Fired after every commit that inserted outbox rows of this practice (`Outbox.enqueue`,
        // Notify's fan-out), by whichever host or node made it: only this practice's worker wakes.
        store.wakeOnOutboxInsert(outboxSignal, practiceId: practiceId)
        let zoneName = configuration.root["practice"]?["timezone"]?.stringValue ?? "Europe/Paris"
        guard let zone = TimeZone(identifier: zoneName) else {
            throw ConfigurationError([configuration.issue("practice.timezone", "unknown IANA time zone \"\(zoneName)\"")], source: configuration.source)
        }
        timeZone = zone
        encoder = WireEncoder(timeZone: zone)
        events = EventBus(
            encoder: encoder, practiceId: practiceId, audit: EventDeliveryAudit(store: store, clock: clock, practiceId: practiceId, logger: logger))
        store.shareEvents(events)
        personalData = PersonalDataRegistry(practiceId: practiceId)
        // The events shared between nodes may name a patient (a server only: SQLite keeps none).
        if store.server != nil { personalData.register(EventLogPersonalData(practiceId: practiceId)) }
        tokens = TokenStore(store: store)
        audit = AuditLog(store: store, practiceId: practiceId, logger: logger)
        self.logger = logger
        startedAt = clock.now()
        self.maximumLineLength = maximumLineLength
    }

    /// Migrates the database for the kernel and `plugins`, registers their methods, then starts them.
    package func install(_ plugins: [any Plugin]) async throws {
        var migrator = DatabaseMigrator()
        Self.registerKernelMigrations(&migrator)
        Self.registerOwnerMigration(&migrator, practiceId: practiceId)
        // The kernel's tables get their practice column after the owner is recorded: it reads it.
        KernelStore.migratePractice(&migrator)
        for p in plugins { p.registerMigrations(&migrator) }
        if store.server != nil {
            try await store.migrate(schema: Self.schema(of: plugins))
            // SQLite's schema is the reference spelling of column names: built in memory, read, dropped.
            try store.adoptColumnSpellings(key: plugins.map(\.id).joined(separator: ",")) { try Self.columnNames(migratedBy: migrator) }
        } else {
            try store.migrate(migrator)
        }
        try registry.register(
            pluginID: "kernel", version: Self.version, namespaces: ["kernel", "events"],
            methods: KernelMethods.all(host: self), builtIn: true)
        topics.withLock { $0.formUnion(["kernel.*"]) }
        for p in plugins {
            try registry.register(pluginID: p.id, version: p.version, namespaces: p.namespaces, methods: p.methods(host: self))
            try declareEventAccess(of: p)
            topics.withLock { t in
                t.formUnion(p.eventTopics)
                for ns in p.namespaces { t.insert(ns + ".*") }
            }
        }
        installed.withLock { $0 = plugins }
        for p in plugins { try await p.start(host: self) }
    }

    /// The kernel's schema for a database server, then each of `plugins`' in order (see `SchemaMigrations`).
    package static func schema(of plugins: [any Plugin]) -> SchemaMigrations {
        var schema = SchemaMigrations()
        KernelSchema.register(&schema)
        for p in plugins { p.registerSchema(&schema) }
        return schema
    }

    /// Every column name of the tables `migrator` creates, as spelt there (on an in-memory SQLite database).
    static func columnNames(migratedBy migrator: DatabaseMigrator) throws -> [String] {
        let reference = try DatabaseQueue()
        try migrator.migrate(reference)
        return try reference.read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'")
        }
    }

    /// Creates or updates the kernel's tables alone (tokens, audit, outbox) on either engine: for
    /// `token` commands, which load no plugin.
    package static func migrateKernelTables(in store: Store) async throws {
        if store.server != nil { return try await store.migrate(schema: schema(of: [])) }
        var migrator = DatabaseMigrator()
        registerKernelMigrations(&migrator)
        try store.migrate(migrator)
    }

    /// Kernel tables alone (tokens, audit, outbox); used by `token create` without loading plugins.
    package static func registerKernelMigrations(_ migrator: inout DatabaseMigrator) {
        TokenStore.migrate(&migrator)
        KernelStore.migrateAudit(&migrator)
        KernelStore.migrateOutbox(&migrator)
    }

    /// Records, once, the practice that owned the database before rows carried their practice
    /// (`kernel_database_owner`); a module's migration that adds a `practiceId` column gives the rows
    /// already there this id (`KernelStore.ownerPracticeIdSQL`). On a new database it is the first
    /// practice installed, and no row is waiting for it.
    static func registerOwnerMigration(_ migrator: inout DatabaseMigrator, practiceId: String) {
        migrator.registerMigration("kernel.databaseOwner") { db in
            try db.execute(sql: "CREATE TABLE kernel_database_owner(practiceId TEXT NOT NULL)")
            try db.execute(sql: "INSERT INTO kernel_database_owner(practiceId) VALUES (?)", arguments: [practiceId])
        }
    }

    /// Gives the event bus the rule of each of the plugin's topics (undeclared ones are admin only);
    /// refuses a rule for a topic the plugin does not publish, as a misspelt one would be.
    private func declareEventAccess(of plugin: any Plugin) throws {
        let rules = plugin.eventAccess
        if let stray = rules.keys.sorted().first(where: { !plugin.eventTopics.contains($0) }) {
            throw PluginRegistry.RegistrationError(plugin: plugin.id, method: stray, reason: "event access declared for a topic not in eventTopics")
        }
        for topic in plugin.eventTopics { events.declare(topic, rules[topic] ?? .undeclared) }
    }

    /// A write-behind for rows a module owes but need not make its caller wait for (audit rows of
    /// reads, counters); `flushAudit()` and shutdown flush it with the others.
    package func writeBehind<Pending: Sendable>(
        label: String, empty: Pending, isEmpty: @escaping @Sendable (Pending) -> Bool,
        write: @escaping @Sendable (any StoreConnection, Pending) throws -> Void
    ) -> WriteBehind<Pending> {
        let w = WriteBehind(store: store, logger: logger, label: label, empty: empty, isEmpty: isEmpty, write: write)
        writeBehinds.withLock { $0.append { await w.flush() } }
        return w
    }

    /// Returns once every audit row owed so far is written: those of delivered events (see
    /// `EventDeliveryAudit`) and of every module's write-behind.
    package func flushAudit() async {
        await events.audit?.flush()
        await audit.flushReads()
        for flush in writeBehinds.withLock({ $0 }) { await flush() }
    }

    package var plugins: [any Plugin] { installed.withLock { $0 } }
    /// Every topic a session may subscribe to (including namespace wildcards).
    package var eventTopics: [String] { topics.withLock { $0.sorted() } }

    /// Stops plugins' background work, writes the audit rows owed by delivered events, then closes the database.
    package func shutdown() async { await shutdown(closingStore: true) }

    /// Stops the plugins and writes what is owed; closes the database unless other practices'
    /// hosts still use it (`PracticeHosts.shutdown` closes it once, after all of them).
    package func shutdown(closingStore: Bool) async {
        for p in plugins.reversed() { await p.stop() }
        await flushAudit()
        if closingStore { closeStore() }
    }

    /// Checkpoints and closes the database.
    package func closeStore() {
        do {
            try store.close()
        } catch {
            logger.error("database not checkpointed on shutdown (its -wal file must stay beside it): \(error)")
        }
    }

    func sessionOpened() { sessionCount.add(1, ordering: .relaxed) }
    func sessionClosed() { sessionCount.subtract(1, ordering: .relaxed) }
    package var openSessions: Int { sessionCount.load(ordering: .relaxed) }
}
