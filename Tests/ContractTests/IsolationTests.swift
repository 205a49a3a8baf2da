import Foundation
import GRDB
import JSONRPC
import Kernel
import Testing

/// Isolation is proven, not hoped for: practice B is filled through every method, then every
/// practice-scoped method of `rpc.discover` is called by an admin whose token acts for practice A
/// only, with B's ids: naming B is refused (-32002), acting for A with B's row ids finds nothing
/// (-32004), and no row of B changes.
@Suite struct IsolationTests {
    /// Param names whose values are rows a practice owns (not the configuration's ids, which the two
    /// practices share since both are the example).
    static let ownedRows: Set<String> = [
        "patientId", "appointmentId", "absenceId", "feedId", "messageId", "incidentId", "sessionId", "relatedPersonId"
    ]

    /// Every row of B, table by table, as text (tables with a `practiceId` column), on either engine.
    static func rows(of practice: String, in store: Store) throws -> [String: [String]] {
        try store.readWaiting { db in
            let catalogue =
                db.engine == .sqlite
                ? """
                SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
                WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
                """
                : "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
            var columns: [String: [String]] = [:]
            for row in try db.rows(catalogue) { columns[row[0], default: []].append(row[1]) }
            var out: [String: [String]] = [:]
            // `kernel_event` (PostgreSQL) is the nodes' event log: B's own events, published while B was
            // filled, are appended a moment later by the log's writer, not by any call made for A.
            for (table, names) in columns where names.contains(where: { $0.lowercased() == "practiceid" }) && table != "kernel_event" {
                out[table] = try db.rows("SELECT * FROM \(table) WHERE practiceId = ?", [practice])
                    .map { row in (0..<row.count).map { "\(row[$0] as StoreValue? ?? .null)" }.joined(separator: "|") }.sorted()
            }
            return out
        }
    }

    @Test func aTokenOfPracticeACannotReachOrChangePracticeB() async throws {
        let contract = try await ContractHost(practices: ["cab-a", "cab-b"])
        // B is filled by every method (nothing removed: the removing ones are not called).
        let filled = try await ResultContractTests.walk(contract, practiceId: "cab-b", skipping: Set(ResultContractTests.calledLast))
        #expect(filled.cases.count > 60, "\(filled.failed.joined(separator: "\n"))")
        let owned = filled.hints.filter { Self.ownedRows.contains($0.key) }
        #expect(owned.count >= 6, "ids created in B: \(owned.keys.sorted())")
        let store = contract.host.store
        let before = try Self.rows(of: "cab-b", in: store)
        #expect(before.values.reduce(0) { $0 + $1.count } > 20, "rows of B: \(before.mapValues(\.count))")

        // An admin of A alone.
        let secret = try contract.host.tokens.create(name: "admin-a", role: .admin, practices: ["cab-a"], at: ContractHost.now)
        let session = contract.dispatcher.openSession(transport: .tcp, role: nil, actor: "", sink: { _ in })
        let hello = await contract.call("initialize", ["token": .string(secret)], session: session)
        #expect((try? hello.get()["practices"]) == ["cab-a"])

        let discovered = try await contract.call("rpc.discover").get()
        var refusedB = 0
        var notFoundInA = 0
        var leaks: [String] = []
        for name in (discovered["methods"]?.arrayValue ?? []).compactMap({ $0["name"]?.stringValue }) {
            guard !ResultContractTests.notCalled.contains(name), let method = contract.host.registry.method(named: name), method.scope != .service
            else { continue }
            var params = try SchemaExample(full: false, hints: ParamsContractTests.hints(for: name, filled.hints), fillHinted: true)
                .params(method.paramsSchema)
            if let own = filled.overrides[name] { for key in own.keys { params[key] = own[key] } }
            // Naming B: refused before anything runs.
            switch await contract.call(name, .object(params), practiceId: "cab-b", session: session) {
            case .failure(let error) where error.code == .forbidden: refusedB += 1
            case .failure(let error): leaks.append("\(name) naming cab-b: \(error.code.rawValue) \(error.message)")
            case .success(let result): leaks.append("\(name) naming cab-b answered \(JSONWriter.string(result).prefix(200))")
            }
            // Acting for A with B's row ids: not found.
            let usesB = params.keys.filter { Self.ownedRows.contains($0) }
            guard !usesB.isEmpty else { continue }
            switch await contract.call(name, .object(params), session: session) {
            case .failure(let error) where error.code == .notFound: notFoundInA += 1
            case .failure(let error): leaks.append("\(name) in cab-a with B's \(usesB): \(error.code.rawValue) \(error.message)")
            case .success(let result): leaks.append("\(name) in cab-a with B's \(usesB) answered \(JSONWriter.string(result).prefix(200))")
            }
        }
        #expect(leaks == [], "\(leaks.joined(separator: "\n"))")
        #expect(refusedB > 80)
        #expect(notFoundInA > 15)
        let after = try Self.rows(of: "cab-b", in: store)
        for table in before.keys.sorted() where before[table] != after[table] {
            Issue.record("rows of cab-b in \(table) changed: \(before[table]?.count ?? 0) → \(after[table]?.count ?? 0)")
        }
        print("isolation: \(refusedB) calls naming cab-b refused, \(notFoundInA) calls with B's ids not found in cab-a")
        await contract.shutdown()
    }
}
