import ArgumentParser
import Foundation
import HTTPEdge
import Kernel
import Logging
import Server
import ServiceLifecycle

/// `permanence serve`: runs the server on stdio or TCP.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve JSON-RPC on stdio or TCP (default: TCP on 127.0.0.1:7300).")

    @Flag(help: "Serve one session on stdin/stdout.")
    var stdio = false

    @Option(help: ArgumentHelp("Listen on HOST:PORT (loopback unless told otherwise).", valueName: "host:port"))
    var tcp: String?

    @Option(
        help: ArgumentHelp(
            "Also serve HTTP (SMS gateways' webhooks, calendar feeds, /livez /readyz) on HOST:PORT; default: http.listen in the configuration, else off.",
            valueName: "host:port"))
    var http: String?

    @Option(help: "Role of the stdio session (admin, staff, practitioner, secretary, integration).")
    var role: String = "admin"

    @OptionGroup var runtime: RuntimeOptions

    @OptionGroup(title: "TCP listener") var listener: ListenerOptions

    func run() async throws {
        guard let role = Role(rawValue: role) else { throw ValidationError("--role: unknown role \(role)") }
        if stdio && tcp != nil { throw ValidationError("choose --stdio or --tcp, not both") }
        let (address, port) = try Self.parse(tcp ?? "127.0.0.1:7300")
        let options = try listener.serverOptions(host: address, maxOutboundBytes: runtime.maxOutboundBytes)
        let hangUp = ReloadSignal()
        defer { hangUp.cancel() }
        let service = ServerService(
            mode: stdio ? .stdio(role: role) : .tcp(address: address, port: port, options: options),
            start: { [runtime, http] in
                let practices = try await runtime.makePracticeHosts()
                hangUp.serve(practices)
                return (practices, try await Self.startHTTP(practices: practices, http: http))
            })
        var lifecycle = Logger(label: "permanence.lifecycle")
        lifecycle.logLevel = .warning
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)], logger: lifecycle))
        // The one watcher of SIGTERM/SIGINT (the group has none of its own): installed before the host
        // starts and anything listens, so a signal sent as soon as the address is printed is never lost
        // (the group remembers a shutdown asked for before it runs); it also bounds the stop.
        let deadline = StopDeadline(finishWithin: listener.drainTimeout + Self.shutdownMargin) {
            Task { await group.triggerGracefulShutdown() }
        }
        defer { deadline.cancel() }
        try await group.run()
        try service.checkFailure()
    }

    /// Starts the HTTP edge when `--http` or `http.listen` asks for it (loopback unless told otherwise).
    private static func startHTTP(practices: PracticeHosts, http: String?) async throws -> HTTPEdge? {
        let settings: HTTPEdgeSettings
        do { settings = try HTTPEdgeSettings.load(practices.service.configuration) } catch { throw CommandFailure("\(error)") }
        guard let listen = http ?? settings.listen else { return nil }
        let (address, port) = try Self.parse(listen, option: http != nil ? "--http" : "http.listen")
        do {
            return try await HTTPEdge.start(practices: practices, address: address, port: port, settings: settings)
        } catch {
            throw CommandFailure("--http \(listen): cannot serve HTTP (\(error))")
        }
    }

    /// Seconds the plugins' stop and the database checkpoint get after the connections' drain, before
    /// the process exits anyway.
    static let shutdownMargin = 20.0

    static func parse(_ text: String, option: String = "--tcp") throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("\(option): expected HOST:PORT, got \(text)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }
}
