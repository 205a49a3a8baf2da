import ArgumentParser
import Foundation
import JSONRPC
import Kernel
import Notify
import Practice

/// Options shared by every command that opens the practice: configuration, database, clock.
struct RuntimeOptions: ParsableArguments {
    @Option(help: "Practice configuration (YAML). Default: the bundled example practice.")
    var config: String?

    @Option(
        help: ArgumentHelp(
            "A directory of practice files (*.yaml, one practice each, each with practice.id, ids and numbers unique); serve answers for all of them, the other commands need a directory of one.",
            valueName: "dir"))
    var practices: String?

    @Option(
        help: ArgumentHelp(
            "SQLite database file (created if missing), or postgres://USER@HOST:PORT/DB. Default: $PERMANENCE_DATABASE_URL, else ./permanence.sqlite.",
            valueName: "file|url"))
    var db: String?

    /// The database `--db` names, or the environment's, or the default file.
    var database: DatabaseLocation { DatabaseLocation(db) }

    @Option(
        help: ArgumentHelp(
            "This process's name among the nodes serving one database (outbox leases are marked with it; at start a node takes back only what its own name left). Default: the host's name; nodes on one machine need distinct names.",
            valueName: "name"))
    var node: String?

    /// `--node`, or the host's name.
    func nodeName() throws -> String {
        guard let node else { return Store.defaultNode }
        let trimmed = node.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 64 else { throw ValidationError("--node: expected a name of 1 to 64 characters") }
        return trimmed
    }

    @Option(help: ArgumentHelp("Start a manual clock at this RFC 3339 instant (tests and demos); kernel.clock.set moves it.", valueName: "instant"))
    var clock: String?

    @Option(help: "Longest accepted line, in bytes.")
    var maxLineBytes: Int = 1 << 20

    @Option(help: "Bytes of replies and events queued for a TCP client that does not read, before it is disconnected.")
    var maxOutboundBytes: Int = 8 << 20

    @Flag(help: "Also serve the JSON-RPC 2.0 specification's example methods (subtract, sum, …) for conformance checks.")
    var conformance = false

    func loadConfiguration() throws -> ConfigurationDocument {
        if let practices {
            guard config == nil else { throw ValidationError("--config and --practices: give one of them") }
            return try Self.servedPractice(in: practices)
        }
        do {
            if let config { return try ConfigurationDocument(contentsOf: config) }
            return try ConfigurationDocument(yaml: ExamplePractice.yaml, source: "example practice")
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The one practice of a `--practices` directory, for the commands that work on one practice
    /// (`serve` answers for all of them: `loadConfigurations`).
    static func servedPractice(in directory: String) throws -> ConfigurationDocument {
        let documents = try checkedPractices(in: directory)
        if documents.count > 1 {
            // Each file in trouble is told first; the one file of a directory is checked when it is built.
            try checkWhole(documents)
            let ids = documents.compactMap { $0.value(at: "practice.id")?.stringValue }.joined(separator: ", ")
            throw CommandFailure("\(directory): \(documents.count) practices (\(ids)); this command works on one practice: give its file (--config FILE)")
        }
        return documents[0]
    }

    /// Checks each file's own keys (its plugins built, then dropped); every problem told, file by file.
    static func checkWhole(_ documents: [ConfigurationDocument]) throws {
        var problems: [String] = []
        for document in documents {
            do { _ = try PluginCatalog.plugins(for: document, conformance: false) } catch let error as ConfigurationError {
                problems.append(error.description)
            }
        }
        guard problems.isEmpty else { throw CommandFailure(problems.joined(separator: "\n")) }
    }

    /// Every practice of a `--practices` directory, with ids and numbers checked across files. Each
    /// file's own keys are checked when its plugins are built (`makeHosts`): every problem is told,
    /// file by file, before any practice is installed, and the plugins are built once.
    static func checkedPractices(in directory: String) throws -> [ConfigurationDocument] {
        do { return try PracticeFiles.load(directory: directory) } catch { throw CommandFailure("\(error)") }
    }

    /// The practices `serve` answers for: every file of `--practices`, else the one of `--config`
    /// (or the bundled example).
    func loadConfigurations() throws -> [ConfigurationDocument] {
        guard let practices else { return [try loadConfiguration()] }
        guard config == nil else { throw ValidationError("--config and --practices: give one of them") }
        return try Self.checkedPractices(in: practices)
    }

    func makeClock() throws -> any WallClock {
        guard let clock else { return SystemClock() }
        guard let start = RFC3339.parse(clock) else { throw ValidationError("--clock: expected an RFC 3339 instant, got \(clock)") }
        return ManualClock(start)
    }

    /// Opens the store, builds every plugin from the configuration and installs them.
    func makeHost() async throws -> KernelHost {
        let document = try loadConfiguration()
        let store = try await database.open(node: try nodeName())
        return try await makeHosts(for: [document], store: store, clock: try makeClock())[0]
    }

    /// A host per practice `serve` answers for, all on one store and one clock.
    func makePracticeHosts() async throws -> PracticeHosts {
        let documents = try loadConfigurations()
        let store = try await database.open(node: try nodeName())
        let clock = try makeClock()
        // A directory of practices shares one HTTP client: a pool of curl threads per practice
        // would be thousands of threads at 500 practices. `notify.concurrency` still bounds each
        // practice's deliveries in flight.
        let http: (any HTTPClient)? = practices != nil ? CurlHTTPClient(maxConcurrentTransfers: Self.sharedTransfers) : nil
        let hosts = try await makeHosts(for: documents, store: store, clock: clock, httpClient: http)
        let practices = PracticeHosts(hosts)
        let reloader = PracticeReloader(runtime: self, store: store, clock: clock, hosts: hosts, httpClient: http)
        if reloader.hasFiles { practices.onReload { await reloader.reload($0) } }
        return practices
    }

    /// The hosts of `documents`, in their order. Each practice's plugins are built side by side, as
    /// many at a time as there are processors (building them, the FAQ index above all, is most of a
    /// start); the hosts are then installed one after the other: migrations block their thread and
    /// must not wait for each other on the few threads of the task pool, and the first file's run
    /// first, so the practice owning a database written before rows carried their practice is the
    /// first file's, as with one practice.
    private func makeHosts(
        for documents: [ConfigurationDocument], store: Store, clock: any WallClock, httpClient: (any HTTPClient)? = nil
    ) async throws -> [KernelHost] {
        if documents.count == 1 {
            // One practice (`--config`, the one-shot commands): built on the caller's task, as always.
            let plugins = try Self.plugins(for: documents[0], conformance: conformance, httpClient: httpClient)
            return [try await install(documents[0], plugins: plugins, store: store, clock: clock)]
        }
        var built: [Result<[any Plugin], CommandFailure>?] = Array(repeating: nil, count: documents.count)
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let conformance = self.conformance
        await withTaskGroup(of: (Int, Result<[any Plugin], CommandFailure>).self) { group in
            var next = 0
            func add() {
                guard next < documents.count else { return }
                let (index, document) = (next, documents[next])
                next += 1
                group.addTask {
                    do { return (index, .success(try Self.plugins(for: document, conformance: conformance, httpClient: httpClient))) } catch let failure
                        as CommandFailure
                    {
                        return (index, .failure(failure))
                    } catch {
                        return (index, .failure(CommandFailure("\(error)")))
                    }
                }
            }
            for _ in 0..<width { add() }
            while let (index, result) = await group.next() {
                built[index] = result
                add()
            }
        }
        // Every file's problems, in file order, before any practice is installed.
        let problems = built.compactMap { result -> String? in
            if case .failure(let failure)? = result { return failure.description }
            return nil
        }
        guard problems.isEmpty else { throw CommandFailure(problems.joined(separator: "\n")) }
        var hosts: [KernelHost] = []
        for (document, result) in zip(documents, built) {
            guard case .success(let plugins)? = result else { continue }
            hosts.append(try await install(document, plugins: plugins, store: store, clock: clock))
        }
        return hosts
    }

    /// Transfer threads of the HTTP client the practices of a directory share (the most
    /// `notify.concurrency` allows one practice).
    static let sharedTransfers = 64

    /// The plugins a practice file enables; a configuration error as the command's failure.
    private static func plugins(for document: ConfigurationDocument, conformance: Bool, httpClient: (any HTTPClient)?) throws -> [any Plugin] {
        do { return try PluginCatalog.plugins(for: document, conformance: conformance, httpClient: httpClient) } catch let error as ConfigurationError {
            throw CommandFailure(error.description)
        }
    }

    /// A host for `document` with `plugins` installed (migrations run, plugins started).
    private func install(_ document: ConfigurationDocument, plugins: [any Plugin], store: Store, clock: any WallClock) async throws -> KernelHost {
        let host = try KernelHost(store: store, clock: clock, configuration: document, maximumLineLength: maxLineBytes)
        try await host.install(plugins)
        return host
    }
}
