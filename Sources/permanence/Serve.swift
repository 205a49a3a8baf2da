import ArgumentParser
import Dispatch
import Foundation
import HTTPEdge
import Kernel
import Server
import Synchronization

/// `permanence serve`: runs the server on stdio or TCP.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve JSON-RPC on stdio or TCP (default: TCP on 127.0.0.1:7300).")

    @Flag(help: "Serve one session on stdin/stdout.")
    var stdio = false

    @Option(help: ArgumentHelp("Listen on HOST:PORT (loopback unless told otherwise).", valueName: "host:port"))
    var tcp: String?

    @Option(help: ArgumentHelp("Also serve HTTP (SMS gateways' webhooks, calendar feeds, /livez /readyz) on HOST:PORT; default: http.listen in the configuration, else off.", valueName: "host:port"))
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
        // Watched before anything listens, so a SIGTERM sent as soon as the address is printed is never lost.
        let shutdownRequested = Latch()
        let signals = SignalWatcher(finishWithin: listener.drainTimeout + Self.shutdownMargin) { shutdownRequested.open() }
        defer { signals.cancel() }
        let host = try await runtime.makeHost()
        let dispatcher = Dispatcher(host: host)
        let edge = try await startHTTP(host: host)
        if stdio {
            if let edge { FileHandle.standardError.write(Data("permanence: HTTP edge on \(edge.address):\(edge.port)\n".utf8)) }
            let transport = StdioTransport(dispatcher: dispatcher, role: role)
            let stopper = Task { await shutdownRequested.wait(); transport.stop() }
            await transport.run()
            stopper.cancel()
            await edge?.shutdown()
            await host.shutdown()
            return
        }
        let server: TCPServer
        do {
            server = try await TCPServer.start(host: address, port: port, dispatcher: dispatcher, options: options)
        } catch let error as TLSFiles.Failure {
            throw ValidationError(error.description)
        }
        FileHandle.standardError.write(Data("permanence \(KernelHost.version) listening on \(address):\(server.port)\(options.tls == nil ? "" : " (TLS)") (database \(host.store.path))\n".utf8))
        if let edge { FileHandle.standardError.write(Data("permanence: HTTP edge on \(edge.address):\(edge.port)\n".utf8)) }
        await shutdownRequested.wait()
        FileHandle.standardError.write(Data("permanence: shutting down\n".utf8))
        await edge?.shutdown()
        await server.shutdown()
        await host.shutdown()
    }

    /// Starts the HTTP edge when `--http` or `http.listen` asks for it (loopback unless told otherwise).
    private func startHTTP(host: KernelHost) async throws -> HTTPEdge? {
        let settings: HTTPEdgeSettings
        do { settings = try HTTPEdgeSettings.load(host.configuration) } catch { throw CommandFailure("\(error)") }
        guard let listen = http ?? settings.listen else { return nil }
        let (address, port) = try Self.parse(listen, option: http != nil ? "--http" : "http.listen")
        do {
            return try await HTTPEdge.start(host: host, address: address, port: port, settings: settings)
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

/// Calls its handler on the first SIGINT or SIGTERM. Shutdown is bounded: if the process is still
/// running `finishWithin` seconds after that signal, or when a second signal comes, it exits at once
/// (status 1) saying so on stderr.
final class SignalWatcher: Sendable {
    /// Dispatch sources are thread-safe objects; this array is never mutated after init.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]
    init(finishWithin seconds: Double, _ handler: @escaping @Sendable () -> Void) {
        let received = Received()
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler {
                if received.next() > 1 { Self.exitNow("a second signal: exiting without finishing the shutdown") }
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                    Self.exitNow("the shutdown did not finish within \(seconds) s: exiting")
                }
                handler()
            }
            s.resume()
            sources.append(s)
        }
        self.sources = sources
    }

    /// Signals received so far.
    private final class Received: Sendable {
        private let count = Mutex(0)
        func next() -> Int { count.withLock { $0 += 1; return $0 } }
    }

    private static func exitNow(_ reason: String) -> Never {
        FileHandle.standardError.write(Data("permanence: \(reason)\n".utf8))
        _exit(1)
    }

    func cancel() { for s in sources { s.cancel() } }
}

/// Opens once; `wait` returns when it is open (at once if it already is).
final class Latch: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var isOpen = false  // guarded by `lock`
    nonisolated(unsafe) private var waiters: [CheckedContinuation<Void, Never>] = []  // guarded by `lock`

    func open() {
        lock.lock()
        isOpen = true
        let w = waiters
        waiters = []
        lock.unlock()
        for c in w { c.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            lock.lock()
            if isOpen { lock.unlock(); c.resume(); return }
            waiters.append(c)
            lock.unlock()
        }
    }
}
