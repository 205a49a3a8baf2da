import Foundation
import JSONRPC
import Kernel
import Notify
import Practice
import Synchronization

/// Applies the practice files again while the server runs (`practices.reload`, SIGHUP): the files
/// of `--practices DIR`, or the one of `--config FILE`.
///
/// Each file is read and checked whole (YAML, keys, values, its id and numbers against the files
/// before it); a practice whose file changed gets a new host built on it, installed on the same
/// store and clock, and takes over from the previous one (sessions and their subscriptions stay);
/// a file that cannot be applied is told with its file, path and line, and the practice it held
/// keeps its previous version; a new file adds its practice; a practice whose file is gone stops
/// being served. A directory left with no practice changes nothing.
final class PracticeReloader: Sendable {
    private let directory: String?
    private let configFile: String?
    private let runtime: RuntimeOptions
    private let store: Store
    private let clock: any WallClock
    /// The practice each file held when last applied, by path.
    private let served: Mutex<[String: String]>

    /// The HTTP client every practice of the directory shares (nil: each makes its own).
    private let httpClient: (any HTTPClient)?

    init(runtime: RuntimeOptions, store: Store, clock: any WallClock, hosts: [KernelHost], httpClient: (any HTTPClient)? = nil) {
        self.httpClient = httpClient
        self.runtime = runtime
        self.store = store
        self.clock = clock
        directory = runtime.practices
        configFile = runtime.config
        served = Mutex(Dictionary(hosts.map { ($0.configuration.source, $0.practiceId) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Whether there is anything to reload (not for the bundled example).
    var hasFiles: Bool { directory != nil || configFile != nil }

    func reload(_ practices: PracticeHosts) async -> PracticesReload {
        var report = PracticesReload()
        let current = practices.hosts
        let previous = served.withLock { $0 }
        let files: [String]
        do {
            files = try listFiles()
        } catch {
            report.problems.append(.init(file: directory ?? configFile ?? "", keptPracticeId: nil, errors: ["\(error)"]))
            report.unchanged = current.map(\.practiceId)
            return report
        }
        var next: [KernelHost] = []
        var check = PracticeFiles.CrossFileCheck(requiresId: directory != nil)
        var nowServed: [String: String] = [:]
        /// The host serving `file`'s practice before, kept as it was.
        func keep(_ file: String, _ errors: [String]) {
            let id = previous[file]
            let host = id.flatMap { id in current.first { $0.practiceId == id } }
            if let host, !next.contains(where: { $0.practiceId == host.practiceId }) {
                next.append(host)
                nowServed[file] = host.practiceId
            }
            report.problems.append(.init(file: file, keptPracticeId: host?.practiceId, errors: errors))
        }
        var toInstall: [(file: String, host: KernelHost, plugins: [any Plugin], replacing: KernelHost?)] = []
        for file in files {
            let document: ConfigurationDocument
            do {
                document = try ConfigurationDocument(contentsOf: file)
            } catch {
                keep(file, error.issues.map { $0.description })
                continue
            }
            let clashes = check.admit(document)
            guard clashes.isEmpty, let id = check.practiceId(of: document) else {
                keep(file, clashes.map(\.description))
                continue
            }
            let before = current.first { $0.practiceId == id }
            if let before, before.configuration.root == document.root {
                next.append(before)
                report.unchanged.append(id)
            } else {
                let plugins: [any Plugin]
                let host: KernelHost
                do {
                    plugins = try PluginCatalog.plugins(for: document, conformance: runtime.conformance, httpClient: httpClient)
                    host = try KernelHost(store: store, clock: clock, configuration: document, maximumLineLength: runtime.maxLineBytes)
                } catch let error as ConfigurationError {
                    keep(file, error.issues.map { $0.description })
                    continue
                } catch {
                    keep(file, ["\(error)"])
                    continue
                }
                next.append(host)
                toInstall.append((file, host, plugins, before))
                if before == nil { report.added.append(id) } else { report.changed.append(id) }
            }
            nowServed[file] = id
        }
        guard !next.isEmpty else {
            report.problems.append(.init(file: directory ?? configFile ?? "", keptPracticeId: nil, errors: ["no practice left to serve: nothing changed"]))
            report.added = []
            report.changed = []
            report.unchanged = current.map(\.practiceId)
            return report
        }
        // A practice's previous version stops its background work before the new one starts its own
        // (two delivery workers of one practice would send twice).
        for (file, host, plugins, replacing) in toInstall {
            if let replacing { await replacing.shutdown(closingStore: false) }
            do {
                try await host.install(plugins)
            } catch {
                next.removeAll { $0 === host }
                if let replacing { next.append(replacing) }
                report.added.removeAll { $0 == host.practiceId }
                report.changed.removeAll { $0 == host.practiceId }
                report.problems.append(.init(file: file, keptPracticeId: replacing?.practiceId, errors: ["\(error)"]))
            }
        }
        let gone = practices.replace(with: next)
        for host in gone where !toInstall.contains(where: { $0.replacing === host }) {
            report.removed.append(host.practiceId)
            await host.shutdown(closingStore: false)
        }
        served.withLock { $0 = nowServed }
        return report
    }

    /// The practice files now: those of the directory, or the config file.
    private func listFiles() throws -> [String] {
        guard let directory else { return configFile.map { [$0] } ?? [] }
        return try PracticeFiles.paths(in: directory)
    }
}
