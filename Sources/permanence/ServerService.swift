import ArgumentParser
import Foundation
import HTTPEdge
import Kernel
import Server
import ServiceLifecycle
import Synchronization

/// The server as a service of a `ServiceGroup`: starts the host (and the HTTP edge), serves on TCP or
/// stdio until the group's graceful shutdown (SIGTERM/SIGINT) or, on stdio, the end of the session,
/// then stops everything in order: HTTP edge, connections (drained within `--drain-timeout`), host.
///
/// A failure to start (configuration, TLS files, address in use) ends the service normally and is kept
/// for `checkFailure()`, so that the command reports it as it reports any other error.
final class ServerService: Service, Sendable {
    enum Mode: Sendable {
        case stdio(role: Role)
        case tcp(address: String, port: Int, options: TCPServer.Options)
    }

    private let mode: Mode
    private let start: @Sendable () async throws -> (PracticeHosts, HTTPEdge?)
    private let failure = Mutex<(any Error)?>(nil)

    init(mode: Mode, start: @escaping @Sendable () async throws -> (PracticeHosts, HTTPEdge?)) {
        self.mode = mode
        self.start = start
    }

    func run() async throws {
        do {
            try await serve()
        } catch {
            failure.withLock { $0 = error }
        }
    }

    /// Rethrows the error that stopped the start, if any.
    func checkFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func serve() async throws {
        let (practices, edge) = try await start()
        let host = practices.service
        let dispatcher = Dispatcher(practices: practices)
        switch mode {
        case .stdio(let role):
            if let edge { Self.say("permanence: HTTP edge on \(edge.address):\(edge.port)") }
            let transport = StdioTransport(dispatcher: dispatcher, role: role)
            await withGracefulShutdownHandler {
                await transport.run()
            } onGracefulShutdown: {
                transport.stop()
            }
            await edge?.shutdown()
        case .tcp(let address, let port, let options):
            let server: TCPServer
            do {
                server = try await TCPServer.start(host: address, port: port, dispatcher: dispatcher, options: options)
            } catch let error as TLSFiles.Failure {
                throw ValidationError(error.description)
            }
            let answering = practices.hosts.count == 1 ? "" : ", \(practices.hosts.count) practices"
            Self.say(
                "permanence \(KernelHost.version) listening on \(address):\(server.port)\(options.tls == nil ? "" : " (TLS)") (database \(host.store.path)\(answering))"
            )
            if let edge { Self.say("permanence: HTTP edge on \(edge.address):\(edge.port)") }
            // Returns at the group's graceful shutdown (or if the group is cancelled).
            try? await gracefulShutdown()
            Self.say("permanence: shutting down")
            await edge?.shutdown()
            await server.shutdown()
        }
        await practices.shutdown()
    }

    private static func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
