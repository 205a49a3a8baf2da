package import Foundation
package import JSONRPC
package import Kernel
import NIOCore
import NIOPosix
package import Server
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A Permanence server for tests, as `HummingbirdTesting`'s test application is to Hummingbird: a
/// kernel host over the plugins given, a practice configuration, a store (in memory unless one is
/// given) and a `ManualClock`, reached through clients with one API over three setups:
///
/// - `.inProcess`: calls go straight to the dispatcher (no bytes, no transport);
/// - `.tcp`: the real `TCPServer` on 127.0.0.1 and an ephemeral port, an NIO client per session,
///   which authenticates with `initialize {token}` and a token of its role, as a console does;
/// - `.stdio`: the real `StdioTransport` over a pair of pipes (the role is the transport's, as with
///   `serve --stdio`), an NIO pipe client on the other ends.
///
/// Nothing is spawned, so a domain test body runs over a real socket at in-process cost. Stop it
/// with `stop()` (or run the test in `run { }`): clients close, the listener drains, the host shuts down.
package final class TestServer: Sendable {
    /// How clients reach the server.
    package enum Setup: String, Sendable, CaseIterable, CustomStringConvertible {
        case inProcess, tcp, stdio
        package var description: String { rawValue }
    }

    private struct Clients {
        var cached: [String: TestClient] = [:]
        var all: [TestClient] = []
        var tokenNames: Set<String> = []
    }

    package let setup: Setup
    package let host: KernelHost
    package let clock: ManualClock
    package let dispatcher: Dispatcher
    private let listener: TCPServer?
    /// The store was made here (`TestStore.make`): `stop` discards it.
    private let ownsStore: Bool
    private let clients = Mutex(Clients())

    /// Starts a host with `plugins` installed (in that order) on `configuration`.
    /// - Parameter store: defaults to a new store of this pass's engine (`TestStore`), dropped by
    ///   `stop`; give a file store to play a restart.
    package init(
        setup: Setup = .inProcess, configuration: ConfigurationDocument, plugins: [any Plugin], clock: ManualClock, store: Store? = nil
    ) async throws {
        ownsStore = store == nil
        let chosen: Store
        if let store { chosen = store } else { chosen = try await TestStore.make() }
        let host = try KernelHost(store: chosen, clock: clock, configuration: configuration)
        try await host.install(plugins)
        let dispatcher = Dispatcher(host: host)
        if setup == .tcp {
            listener = try await TCPServer.start(host: "127.0.0.1", port: 0, dispatcher: dispatcher, options: Self.tcpOptions)
        } else {
            listener = nil
        }
        self.setup = setup
        self.clock = clock
        self.host = host
        self.dispatcher = dispatcher
    }

    /// Starts a host on the practice described by `yaml`, with the plugins `plugins` makes from it.
    package convenience init(
        setup: Setup = .inProcess, yaml: String, now: Date, store: Store? = nil,
        plugins: (ConfigurationDocument) throws -> [any Plugin]
    ) async throws {
        let configuration = try ConfigurationDocument(yaml: yaml)
        try await self.init(setup: setup, configuration: configuration, plugins: try plugins(configuration), clock: ManualClock(now), store: store)
    }

    /// The client of `role` and `actor` (one per pair, opened on first use, closed by `stop`).
    /// `actor` defaults to `test-<role>`; over stdio the server names every client `stdio`.
    package func client(role: Role = .secretary, actor: String? = nil) async throws -> TestClient {
        let key = "\(role.rawValue)/\(actor ?? "")"
        if let client = clients.withLock({ $0.cached[key] }) { return client }
        let client = try await connect(role: role, actor: actor)
        let existing = clients.withLock { s -> TestClient? in
            if let existing = s.cached[key] { return existing }
            s.cached[key] = client
            return nil
        }
        if let existing {
            await client.close()
            return existing
        }
        return client
    }

    /// Calls `method` as a client of `role`: the result, or the JSON-RPC error thrown as `RPCError`.
    @discardableResult
    package func call(_ method: String, _ params: JSONValue? = nil, role: Role = .secretary) async throws -> JSONValue {
        try await client(role: role).call(method, params)
    }

    /// A new client of `role`, with a session of its own (closed by `stop` unless closed before).
    package func connect(role: Role = .secretary, actor: String? = nil) async throws -> TestClient {
        let actor = actor ?? "test-\(role.rawValue)"
        let log = NotificationLog()
        let client: TestClient
        switch setup {
        case .inProcess:
            let session = dispatcher.openSession(transport: .inProcess, role: role, actor: actor, sink: { log.append($0) })
            client = TestClient(role: role, actor: actor, notifications: log, connection: .inProcess(dispatcher, session))
        case .tcp:
            client = try await connectTCP(role: role, actor: actor, log: log)
        case .stdio:
            client = try await connectStdio(role: role, log: log)
        }
        clients.withLock { $0.all.append(client) }
        return client
    }

    /// Closes every client, drains and closes the listener, and shuts the host down (its workers stop).
    package func stop() async {
        let open = clients.withLock { s -> [TestClient] in
            defer {
                s.all = []
                s.cached = [:]
            }
            return s.all
        }
        for client in open { await client.close() }
        await listener?.shutdown()
        await host.shutdown()
        if ownsStore { await TestStore.discard(host.store) }
    }

    /// Runs `body`, then stops the server, whether `body` threw or not.
    package func run<T>(_ body: (TestServer) async throws -> T) async throws -> T {
        do {
            let value = try await body(self)
            await stop()
            return value
        } catch {
            await stop()
            throw error
        }
    }

    /// The real server's options, less its wall-clock deadlines: on a loaded machine running hundreds of
    /// tests on two threads, an `initialize` may wait longer than the 10 s a real client gets. The
    /// deadlines themselves are `ServerTests`' (on a clock the test moves).
    package static var tcpOptions: TCPServer.Options {
        var options = TCPServer.Options()
        options.authenticationTimeout = .minutes(10)
        options.idleTimeout = nil
        return options
    }

    /// A TCP client that authenticated with a new token of `role` named after `actor`.
    private func connectTCP(role: Role, actor: String, log: NotificationLog) async throws -> TestClient {
        guard let listener else { preconditionFailure("no TCP listener outside the .tcp setup") }
        let name = clients.withLock { s -> String in
            var name = actor
            var n = 1
            while s.tokenNames.contains(name) {
                n += 1
                name = "\(actor)-\(n)"
            }
            s.tokenNames.insert(name)
            return name
        }
        let token = try host.tokens.create(name: name, role: role, at: clock.now())
        let router = ReplyRouter(notifications: log)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.minutes(1))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(LineFramingHandler(router: router)) }
            }
            .connect(host: "127.0.0.1", port: listener.port).get()
        let client = TestClient(role: role, actor: name, notifications: log, connection: .lines(channel, router, finish: {}))
        do {
            try await client.call("initialize", ["token": .string(token), "clientInfo": ["name": "permanence-testing"]])
        } catch {
            await client.close()
            throw error
        }
        return client
    }

    /// A client on a stdio transport of its own, over two pipes: the transport reads one and writes
    /// the other with blocking calls on its own thread; the client reads and writes the other ends
    /// through NIO, so no thread of the cooperative pool ever blocks.
    private func connectStdio(role: Role, log: NotificationLog) async throws -> TestClient {
        let toServer = try Self.pipe()
        let toClient = try Self.pipe()
        let transport = StdioTransport(dispatcher: dispatcher, role: role, input: toServer.read, output: toClient.write)
        let serving = Task { await transport.run() }
        let finish: @Sendable () async -> Void = {
            await serving.value
            Glibc.close(toServer.read)
            Glibc.close(toClient.write)
        }
        let router = ReplyRouter(notifications: log)
        let channel: any Channel
        do {
            channel = try await NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(LineFramingHandler(router: router)) }
                }
                .takingOwnershipOfDescriptors(input: toClient.read, output: toServer.write).get()
        } catch {
            Glibc.close(toClient.read)
            Glibc.close(toServer.write)
            await finish()
            throw error
        }
        let client = TestClient(role: role, actor: "stdio", notifications: log, connection: .lines(channel, router, finish: finish))
        do {
            try await client.call("initialize", ["clientInfo": ["name": "permanence-testing"]])
        } catch {
            await client.close()
            throw error
        }
        return client
    }

    /// A pipe whose ends are not inherited by programs other tests start.
    private static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard Glibc.pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }
}
