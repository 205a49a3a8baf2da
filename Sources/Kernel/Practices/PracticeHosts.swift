package import JSONRPC
import Synchronization

/// The practices one server answers for: a `KernelHost` per practice, all on one store and one
/// clock, each with its own configuration, time zone and plugin instances.
///
/// A request acts for one practice (`MethodScope`): the one its `practiceId` param names, the one
/// whose number it names (`calls.identify`), or the only one its session may act for. The first
/// host answers the service's own methods (the kernel's, `practices.list`).
package final class PracticeHosts: Sendable {
    /// The param naming the practice a request acts for, added to every practice-scoped method.
    package static let practiceParam = "practiceId"
    /// The param naming several practices, read by pool-scoped methods (`MethodScope.pool`).
    package static let poolParam = "practiceIds"

    /// Where a call runs: the host it acts for, its params without the practice params, and the
    /// practices its figures cover (the host's alone but for a pool-scoped method).
    package struct Target: Sendable {
        package let host: KernelHost
        package let params: JSONValue?
        package let pool: [String]
    }

    /// The practices of the moment: a call acts on those it was admitted with and finishes on them.
    private struct Table {
        /// In the order given (a directory's file-name order); never empty.
        let hosts: [KernelHost]
        let byID: [String: KernelHost]
        let byNumber: [String: KernelHost]

        init(_ hosts: [KernelHost]) {
            precondition(!hosts.isEmpty, "a server answers for at least one practice")
            self.hosts = hosts
            byID = Dictionary(hosts.map { ($0.practiceId, $0) }, uniquingKeysWith: { first, _ in first })
            var numbers: [String: KernelHost] = [:]
            for host in hosts {
                for value in host.configuration.root["practice"]?["numbers"]?.arrayValue ?? [] {
                    guard let text = value.stringValue, let number = try? PhoneNumber(text) else { continue }
                    numbers[number.e164] = numbers[number.e164] ?? host
                }
            }
            byNumber = numbers
        }

        func host(dialled: String) -> KernelHost? {
            guard let number = try? PhoneNumber(dialled) else { return nil }
            return byNumber[number.e164]
        }
    }
    private let table: Mutex<Table>
    private let reloading = Mutex<Bool>(false)
    /// What `practices.reload` and SIGHUP run (set by the command that knows the files); nil: nothing to reload.
    private let reloader = Mutex<(@Sendable (PracticeHosts) async -> PracticesReload)?>(nil)

    /// In order; never empty.
    package var hosts: [KernelHost] { table.withLock { $0.hosts } }

    /// The host answering the service's own methods.
    package var service: KernelHost { table.withLock { $0.hosts[0] } }

    /// `hosts` must be non-empty, with distinct practice ids and numbers (`PracticeFiles` checks files).
    package init(_ hosts: [KernelHost]) { table = Mutex(Table(hosts)) }

    package convenience init(_ host: KernelHost) { self.init([host]) }

    package func host(id: String) -> KernelHost? { table.withLock { $0.byID[id] } }

    /// The practice whose `practice.numbers` holds `dialled` (any form `PhoneNumber` reads).
    package func host(dialled: String) -> KernelHost? { table.withLock { $0 }.host(dialled: dialled) }

    /// Serves `hosts` from now on. A practice kept under the same id on a new host keeps its
    /// sessions' event subscriptions. Gives the hosts no longer served, for the caller to stop.
    package func replace(with hosts: [KernelHost]) -> [KernelHost] {
        let new = Table(hosts)
        let old = table.withLock { t in
            defer { t = new }
            return t.hosts
        }
        for host in hosts {
            if let previous = old.first(where: { $0.practiceId == host.practiceId }), previous !== host {
                host.events.adoptSubscriptions(from: previous.events)
            }
        }
        return old.filter { previous in !hosts.contains { $0 === previous } }
    }

    /// Sets what a reload runs.
    package func onReload(_ body: @escaping @Sendable (PracticeHosts) async -> PracticesReload) {
        reloader.withLock { $0 = body }
    }

    /// Reads the practice files again and applies them (see `PracticesReload`), one reload at a time.
    package func reload() async throws -> PracticesReload {
        guard let body = reloader.withLock({ $0 }) else {
            throw RPCError(
                .unprocessable, "Nothing to reload: the server answers for the bundled example practice",
                data: ["reason": "start the server with --config FILE or --practices DIR"])
        }
        let busy = reloading.withLock { r in
            defer { r = true }
            return r
        }
        guard !busy else { throw RPCError(.conflict, "Conflict: a reload is under way", data: ["reason": "a reload is under way"]) }
        defer { reloading.withLock { $0 = false } }
        return await body(self)
    }

    /// The hosts of the practices in `scope` (`nil`: all), in order.
    package func hosts(in scope: Set<String>?) -> [KernelHost] {
        guard let scope else { return hosts }
        return hosts.filter { scope.contains($0.practiceId) }
    }

    /// The host a call of `method` acts for, and its params without `practiceId`; or the error the
    /// call answers: -32602 naming `practiceId` (not a string, or needed and absent), -32004 (no
    /// such practice here), -32002 (outside the session's practices).
    package func target(of method: AnyMethod, params: JSONValue?, scope: Set<String>?) -> Result<Target, RPCError> {
        let table = table.withLock { $0 }
        let hosts = table.hosts
        let service = hosts[0]
        if method.scope == .service { return .success(Target(host: service, params: params, pool: [])) }
        if method.scope == .pool, case .object(var o)? = params, let value = o[Self.poolParam] {
            guard o[Self.practiceParam] == nil else {
                return .failure(.invalidParams(field: Self.poolParam, "give either practiceId or practiceIds, not both"))
            }
            guard case .array(let items) = value, !items.isEmpty, items.count <= 10_000 else {
                return .failure(.invalidParams(field: Self.poolParam, "expected a non-empty array of practice ids"))
            }
            var pool: [KernelHost] = []
            for (index, item) in items.enumerated() {
                guard case .string(let id) = item else {
                    return .failure(.invalidParams(field: "\(Self.poolParam)[\(index)]", "expected a string (a practice id)"))
                }
                switch Self.admitted(id, table: table, scope: scope, field: "\(Self.poolParam)[\(index)]") {
                case .failure(let error): return .failure(error)
                case .success(let host): if !pool.contains(where: { $0 === host }) { pool.append(host) }
                }
            }
            o[Self.poolParam] = nil
            return .success(Target(host: pool[0], params: .object(o), pool: pool.map(\.practiceId)))
        }
        var params = params
        var named: String?
        if case .object(var o)? = params, let value = o[Self.practiceParam] {
            guard case .string(let id) = value else {
                return .failure(.invalidParams(field: Self.practiceParam, "expected a string (a practice id)"))
            }
            named = id
            o[Self.practiceParam] = nil
            params = .object(o)
        }
        if named == nil, hosts.count > 1, case .practiceByNumber(let param) = method.scope, case .object(let o)? = params,
            let dialled = o[param]?.stringValue
        {
            guard let host = table.host(dialled: dialled) else {
                return .failure(.notFound("no practice answers on \(dialled)", field: param))
            }
            named = host.practiceId
        }
        if let named {
            return Self.admitted(named, table: table, scope: scope, field: Self.practiceParam).map { Target(host: $0, params: params, pool: [$0.practiceId]) }
        }
        if hosts.count == 1 {
            guard scope?.contains(service.practiceId) ?? true else { return .failure(Self.outsideScope(service.practiceId, field: nil)) }
            return .success(Target(host: service, params: params, pool: [service.practiceId]))
        }
        let mine = scope.map { scope in hosts.filter { scope.contains($0.practiceId) } } ?? hosts
        if mine.isEmpty {
            return .failure(
                RPCError(.forbidden, "Forbidden: this session acts for none of the practices served here", data: ["reason": "no practice in scope"]))
        }
        if mine.count == 1 || method.scope == .pool { return .success(Target(host: mine[0], params: params, pool: mine.map(\.practiceId))) }
        return .failure(
            .invalidParams(
                field: Self.practiceParam,
                "is required: this session acts for several practices (\(mine.map(\.practiceId).joined(separator: ", ")))"))
    }

    /// The host of practice `id` if it is served and the session may act for it: else -32004 or -32002 naming `field`.
    private static func admitted(_ id: String, table: Table, scope: Set<String>?, field: String) -> Result<KernelHost, RPCError> {
        guard let host = table.byID[id] else {
            return .failure(.notFound("no practice \"\(id)\" is served here", field: field))
        }
        guard scope?.contains(id) ?? true else { return .failure(outsideScope(id, field: field)) }
        return .success(host)
    }

    /// -32002 for a practice outside the session's token, naming `field` when the call named it.
    private static func outsideScope(_ id: String, field: String?) -> RPCError {
        var data: JSONObject = ["reason": .string("practice \(id) is outside the token's practices")]
        if let field { data["field"] = .string(field) }
        return RPCError(.forbidden, "Forbidden: this session does not act for practice \(id)", data: .object(data))
    }

    /// Whether `id` can name a practice: `[a-z0-9][a-z0-9-]{0,62}` (`practice.id`, token scopes).
    package static func isPracticeId(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard (1...63).contains(bytes.count), bytes[0] != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-")
        }
    }

    /// `raw` without its `practiceId` (and, for a pool-scoped method, `practiceIds`) member: what a
    /// practice-scoped method's `Params` decode.
    package static func withoutPracticeId(_ raw: JSONValue?, scope: MethodScope = .practice) -> JSONValue? {
        guard case .object(var o)? = raw, o[practiceParam] != nil || (scope == .pool && o[poolParam] != nil) else { return raw }
        o[practiceParam] = nil
        if scope == .pool { o[poolParam] = nil }
        return .object(o)
    }

    /// Stops every practice's plugins, then closes the shared store once.
    package func shutdown() async {
        let hosts = hosts
        for host in hosts.reversed() { await host.shutdown(closingStore: false) }
        hosts[0].closeStore()
    }
}
