import Foundation
import JSONRPC
package import Kernel
import NIOConcurrencyHelpers
package import NIOCore
import NIOPosix
import NIOSSL

/// JSON-RPC over TCP (optionally TLS), one message per line, on SwiftNIO.
///
/// Each connection is a session that must authenticate with `initialize {token}` within
/// `authenticationTimeout`; until then its lines are limited to `preAuthenticationLineLength` bytes,
/// and a peer address with too many failed attempts gets -32029. Requests of one connection run
/// concurrently up to `maximumInFlight`; past that the server stops reading until replies go out.
/// A client whose unread replies, beyond the one being written, exceed `maximumOutboundBytes` is
/// disconnected; so is an authenticated session without traffic for `idleTimeout`. Connections past
/// `maximumConnections` get one error line and are closed. A half-close still gets every pending reply.
package final class TCPServer: Sendable {
    package struct Options: Sendable {
        package var maximumInFlight = 64
        /// Bytes queued for a client beyond the reply being written: past this, the client is
        /// taken for one that does not read, and is disconnected. A single reply may be larger.
        package var maximumOutboundBytes = 8 << 20
        /// Open connections, authenticated or not; extra ones are refused with -32029.
        package var maximumConnections = 512
        /// Time to complete `initialize` with a valid token (the TLS handshake included).
        package var authenticationTimeout: TimeAmount = .seconds(10)
        /// Longest line before authentication (the host's `maximumLineLength` after).
        package var preAuthenticationLineLength = 16 << 10
        /// Lines read ahead before authentication; reading pauses past this until `initialize` is done.
        package var preAuthenticationQueue = 8
        /// An authenticated session with nothing received and no reply written for this long is
        /// closed (nil: never).
        package var idleTimeout: TimeAmount? = .minutes(30)
        /// Failed `initialize` calls per peer address within `failedAuthenticationWindow` before -32029 (0: no limit).
        package var maximumFailedAuthentications = 10
        package var failedAuthenticationWindow: TimeAmount = .seconds(60)
        /// Serve TLS with these files (nil: plain TCP).
        package var tls: TLSFiles?
        /// On shutdown, how long connections have to finish their requests and write their replies;
        /// then whatever is still open (a peer that stopped reading) is closed.
        package var drainTimeout: TimeAmount = .seconds(10)
        package init() {}
    }

    private let channel: any Channel
    private let connections: ConnectionSet
    private let drainTimeout: TimeAmount
    package let group: any EventLoopGroup
    /// The port actually bound (useful with port 0).
    package let port: Int
    package let host: String

    private init(channel: any Channel, connections: ConnectionSet, group: any EventLoopGroup, drainTimeout: TimeAmount) {
        self.channel = channel
        self.drainTimeout = drainTimeout
        self.connections = connections
        self.group = group
        port = channel.localAddress?.port ?? 0
        host = channel.localAddress?.ipAddress ?? ""
    }

    package static func start(
        host: String, port: Int, dispatcher: Dispatcher, options: Options = Options(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> TCPServer {
        let connections = ConnectionSet()
        let throttle = AuthenticationThrottle(limit: options.maximumFailedAuthentications, window: options.failedAuthenticationWindow)
        let tls = try options.tls?.makeContext()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 256 << 10, high: 1 << 20))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
                    guard connections.add(channel, limit: options.maximumConnections) else {
                        try pipeline.addHandler(
                            RefusingHandler(
                                reply: ConnectionHandler.errorLine(.rateLimited, "Too many connections: at most \(options.maximumConnections); retry later"),
                                timeout: options.authenticationTimeout))
                        return
                    }
                    channel.closeFuture.whenComplete { _ in connections.remove(channel) }
                    try pipeline.addHandler(ConnectionHandler(dispatcher: dispatcher, options: options, throttle: throttle))
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        return TCPServer(channel: channel, connections: connections, group: group, drainTimeout: options.drainTimeout)
    }

    /// Stops accepting, lets every connection finish its in-flight requests, then closes them.
    /// Connections still open after `drainTimeout` (a peer that does not read its replies) are closed.
    package func shutdown() async {
        try? await channel.close()
        let open = connections.all
        for c in open {
            c.pipeline.fireUserInboundEventTriggered(ConnectionHandler.Drain())
        }
        let connections = self.connections
        let forced = channel.eventLoop.scheduleTask(in: drainTimeout) {
            for c in connections.all { c.close(promise: nil) }
        }
        for c in open { try? await c.closeFuture.get() }
        forced.cancel()
    }

    package var connectionCount: Int { connections.all.count }
}

/// The open connections of a listener.
final class ConnectionSet: Sendable {
    private let channels = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])
    /// Adds `c` unless `limit` channels are already open.
    func add(_ c: any Channel, limit: Int) -> Bool {
        channels.withLockedValue {
            guard $0.count < limit else { return false }
            $0[ObjectIdentifier(c)] = c
            return true
        }
    }
    func remove(_ c: any Channel) { _ = channels.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(c)) } }
    var all: [any Channel] { channels.withLockedValue { Array($0.values) } }
}
