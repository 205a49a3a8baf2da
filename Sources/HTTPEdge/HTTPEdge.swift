import Foundation
import Hummingbird
package import Kernel
import Logging
import NIOCore
import ServiceLifecycle

/// The inbound HTTP listener (`permanence serve --http HOST:PORT`), on Hummingbird 2.
///
/// It serves the operations routes (`/livez`, `/readyz`) and every route the installed plugins
/// contribute (`Plugin.httpRoutes`), in the same process as the JSON-RPC listeners. `start`
/// returns once the socket is bound (port 0 picks a free one: see `port`); `shutdown` stops
/// accepting and lets requests in flight finish.
package final class HTTPEdge: Sendable {
    /// The bound address and port.
    package let address: String
    package let port: Int
    private let table: RouteTable
    private let task: Task<Void, Never>
    private let group: ServiceGroup

    /// The routes served now (see `RouteTable`).
    package var routes: [HTTPRoute] { table.routes }

    private init(address: String, port: Int, table: RouteTable, task: Task<Void, Never>, group: ServiceGroup) {
        self.group = group
        self.address = address
        self.port = port
        self.table = table
        self.task = task
    }

    /// Binds `address:port` and serves until `shutdown`. Throws if the address cannot be bound or
    /// two plugins contribute the same method and path.
    package static func start(host: KernelHost, address: String, port: Int, settings: HTTPEdgeSettings) async throws -> HTTPEdge {
        try await start(practices: PracticeHosts(host), address: address, port: port, settings: settings)
    }

    /// Serves every practice of `practices` (see `RouteTable`), following reloads.
    package static func start(practices: PracticeHosts, address: String, port: Int, settings: HTTPEdgeSettings) async throws -> HTTPEdge {
        _ = EdgeMetrics.registry // the metrics backend, before anything records
        let table = try RouteTable(practices: practices, settings: settings)
        let publicURL = settings.publicUrl.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let responder = EdgeResponder(table: table, maximumBodyBytes: settings.maxBodyBytes, publicURL: publicURL)
        var logger = Logger(label: "permanence.http")
        logger.logLevel = .error
        let (bound, boundContinuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let headerTimeout = TimeAmount.seconds(Int64(settings.headerTimeoutSeconds))
        let app = Application(
            responder: responder,
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [HeaderTimeoutHandler(timeout: headerTimeout)],
                    idleTimeout: .seconds(Int64(settings.idleTimeoutSeconds)))),
            configuration: .init(address: .hostname(address, port: port), serverName: "permanence"),
            onServerRunning: { channel in boundContinuation.yield(.success(channel.localAddress?.port ?? port)) },
            logger: logger)
        var configuration = ServiceGroupConfiguration(services: [app], logger: logger)
        // A request still running after this is cancelled, so that a stop is never held up by a slow client.
        configuration.maximumGracefulShutdownDuration = .seconds(10)
        let group = ServiceGroup(configuration: configuration)
        let task = Task {
            do {
                try await group.run()
                boundContinuation.yield(.failure(CancellationError()))
            } catch {
                boundContinuation.yield(.failure(error))
            }
            boundContinuation.finish()
        }
        for await result in bound {
            switch result {
            case .success(let p): return HTTPEdge(address: address, port: p, table: table, task: task, group: group)
            case .failure(let error): throw error
            }
        }
        throw CancellationError()
    }

    /// Stops accepting connections, lets the requests in flight finish, and waits for the server to stop.
    package func shutdown() async {
        await group.triggerGracefulShutdown()
        await task.value
    }
}
