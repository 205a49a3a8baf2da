import Foundation
import GRDB
import JSONRPC

/// `kernel.status`: what runs and how it is doing.
struct KernelStatusMethod: RPCMethod {
    struct Result: Encodable, Sendable {
        struct PluginStatus: Encodable, Sendable {
            let id: String
            let version: String
        }
        struct Database: Encodable, Sendable {
            let path: String
            let journalMode: String
            let sizeBytes: Int?
        }
        let version: String
        let now: Date
        let startedAt: Date
        let uptimeSeconds: Double
        let plugins: [PluginStatus]
        let database: Database
        let outbox: [String: Int]
        let sessions: Int
    }
    static let name = "kernel.status"
    static let summary = "Version, uptime, enabled plugins, database and outbox backlog."
    static let role = Role.integration
    static let paramsSchema = Schema.empty
    static let resultSchema = Schema.object([
        required("version", .string), required("now", .instant), required("startedAt", .instant), required("uptimeSeconds", .number),
        required("plugins", .array(.object([required("id", .string), required("version", .string)]))),
        required("database", .object([required("path", .string), required("journalMode", .string), optional("sizeBytes", .integer)])),
        required("outbox", .map(.integer)), required("sessions", .integer)
    ])
    func handle(_ p: NoParams, context: RequestContext) async throws -> Result {
        let host = context.host
        let practiceId = context.practiceId
        let (mode, backlog) = try await host.store.read { db in
            (try KernelStore.journalMode(in: db), try Outbox.backlog(practiceId: practiceId, in: db))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: host.store.path)[.size] as? Int) ?? nil
        let now = context.now
        return Result(
            version: KernelHost.version, now: now, startedAt: host.startedAt, uptimeSeconds: now.timeIntervalSince(host.startedAt),
            plugins: host.plugins.map { .init(id: $0.id, version: $0.version) },
            database: .init(path: host.store.path, journalMode: mode, sizeBytes: size),
            outbox: backlog, sessions: host.openSessions)
    }
}
