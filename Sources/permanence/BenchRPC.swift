import ArgumentParser
import Foundation
import Kernel
import NIOCore
import NIOPosix
import Practice
import Server
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `permanence bench rpc`: kernel.ping over TCP against a minimal SwiftNIO newline echo server.
///
/// Both servers run in this process on loopback; the same client load (N connections, each either
/// waiting for every reply or keeping a window of requests in flight) is sent to each, and the
/// ratio of throughputs says what our JSON-RPC stack costs over the bare framing.
struct BenchRPC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Requests/s and p50/p99 latency of kernel.ping over TCP (1, 16, 64 connections; pipelined or not) beside a NIO echo server.")

    @Option(help: "Seconds per measurement.") var seconds: Double = 3
    @Option(help: "Requests in flight per connection when pipelined.") var window: Int = 16
    @Option(parsing: .upToNextOption, help: "Connection counts.") var connections: [Int] = [1, 16, 64]

    func run() async throws {
        #if DEBUG
            print("warning: debug build; build with `swift build -c release` for meaningful figures")
        #endif
        let document = try ConfigurationDocument(yaml: ExamplePractice.yaml, source: "example practice")
        let host = try KernelHost(store: try Store(), configuration: document)
        try await host.install(try PluginCatalog.plugins(for: document))
        let token = try host.tokens.create(name: "bench", role: .integration, at: Date())
        let rpc = try await TCPServer.start(host: "127.0.0.1", port: 0, dispatcher: Dispatcher(host: host))
        let echo = try await EchoServer.start()
        print("| connections | mode | server | requests/s | p50 µs | p99 µs | vs echo |")
        print("|---:|---|---|---:|---:|---:|---:|")
        for n in connections {
            for pipelined in [false, true] {
                let w = pipelined ? window : 1
                let e = try LoadGenerator(port: echo.port, connections: n, window: w, token: nil).run(seconds: seconds)
                let r = try LoadGenerator(port: rpc.port, connections: n, window: w, token: token).run(seconds: seconds)
                let mode = pipelined ? "pipelined ×\(w)" : "one at a time"
                print("| \(n) | \(mode) | echo | \(Int(e.rate)) | \(Int(e.p50)) | \(Int(e.p99)) | |")
                print("| \(n) | \(mode) | kernel.ping | \(Int(r.rate)) | \(Int(r.p50)) | \(Int(r.p99)) | \(String(format: "%.0f%%", 100 * r.rate / e.rate)) |")
            }
        }
        await rpc.shutdown()
        try await echo.channel.close()
        await host.shutdown()
    }
}

/// The ceiling for this framing: a SwiftNIO server that writes every line back.
struct EchoServer {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    static func start() async throws -> EchoServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { ch in
                ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(LineEcho()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return EchoServer(channel: channel)
    }

    final class LineEcho: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        var pending = ByteBuffer()
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            pending.writeBuffer(&buffer)
            var wrote = false
            while let nl = pending.readableBytesView.firstIndex(of: 0x0A) {
                let line = pending.readSlice(length: nl - pending.readerIndex + 1)!
                context.write(wrapOutboundOut(line), promise: nil)
                wrote = true
            }
            pending.discardReadBytes()
            if wrote { context.flush() }
        }
    }
}

/// Blocking client threads: each keeps `window` kernel.ping requests in flight and records latencies.
struct LoadGenerator {
    let port: Int
    let connections: Int
    let window: Int
    let token: String?

    struct Outcome {
        let rate: Double
        let p50: Double
        let p99: Double
    }

    func run(seconds: Double) throws -> Outcome {
        let deadline = Date().addingTimeInterval(seconds)
        let results = Mutex<[[Double]]>([])
        let group = DispatchGroup()
        let failures = Mutex<[String]>([])
        for _ in 0..<connections {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    let l = try runConnection(until: deadline)
                    results.withLock { $0.append(l) }
                } catch { failures.withLock { $0.append("\(error)") } }
            }
            thread.start()
        }
        group.wait()
        if let f = failures.withLock({ $0.first }) { throw ValidationError("load generator: \(f)") }
        let all = results.withLock { $0.flatMap { $0 } }.sorted()
        guard !all.isEmpty else { return Outcome(rate: 0, p50: 0, p99: 0) }
        return Outcome(rate: Double(all.count) / seconds, p50: all[all.count / 2] * 1e6, p99: all[min(all.count - 1, all.count * 99 / 100)] * 1e6)
    }

    /// One connection's latencies in seconds.
    func runConnection(until deadline: Date) throws -> [Double] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw ValidationError("connect failed") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var reader = LineReader(fd: fd)
        func send(_ s: String) {
            let b = Array((s + "\n").utf8)
            _ = b.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        if let token {
            send(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"token":"\#(token)"}}"#)
            _ = try reader.next()
        }
        let request = #"{"jsonrpc":"2.0","id":1,"method":"kernel.ping"}"#
        var latencies: [Double] = []
        latencies.reserveCapacity(100_000)
        var sentAt: [Double] = []
        var head = 0
        let clock = ContinuousClock()
        let start = clock.now
        func now() -> Double {
            let d = clock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        let end = deadline.timeIntervalSinceNow
        for _ in 0..<window {
            sentAt.append(now())
            send(request)
        }
        while true {
            _ = try reader.next()
            let t = now()
            latencies.append(t - sentAt[head])
            head += 1
            if t < end {
                sentAt.append(now())
                send(request)
            }
            if head == sentAt.count { break }
        }
        return latencies
    }
}

/// Reads newline-terminated lines from a blocking socket.
struct LineReader {
    let fd: Int32
    var buffer: [UInt8] = []
    var start = 0
    var chunk = [UInt8](repeating: 0, count: 65536)

    init(fd: Int32) { self.fd = fd }

    mutating func next() throws -> ArraySlice<UInt8> {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<nl]
                start = nl + 1
                if start > 65536 {
                    buffer.removeFirst(start)
                    start = 0
                }
                return line
            }
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { throw ValidationError("connection closed") }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }
}
