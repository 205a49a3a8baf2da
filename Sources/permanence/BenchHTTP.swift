import ArgumentParser
import Foundation
import HTTPEdge
import Hummingbird
import JSONRPC
import Kernel
import Logging
import Practice
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `permanence bench http`: a practitioner's calendar feed (`GET /calendars/{token}.ics`) on the
/// HTTP edge beside a minimal Hummingbird server answering a fixed body of the same size.
///
/// Both run in this process on loopback, on the same event loops; the same load (N keep-alive
/// connections, one request at a time each) goes to each. The feed does the real work of a fetch:
/// token lookup, the appointments read, the audit row and fetch count written, the calendar written.
struct BenchHTTP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Requests/s and p50/p99 latency of a calendar feed over HTTP beside a minimal Hummingbird server with the same body.")

    @Option(help: "Seconds per measurement.") var seconds: Double = 3
    @Option(parsing: .upToNextOption, help: "Connection counts.") var connections: [Int] = [16]
    @Option(help: "Appointments in the feed.") var appointments: Int = 40

    func run() async throws {
        #if DEBUG
            print("warning: debug build; build with `swift build -c release` for meaningful figures")
        #endif
        let document = try ConfigurationDocument(yaml: ExamplePractice.yaml, source: "example practice")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("permanence-bench-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let host = try KernelHost(store: try Store(path: directory.appendingPathComponent("bench.sqlite").path), configuration: document)
        try await host.install(try PluginCatalog.plugins(for: document))
        let path = try await Self.prepareFeed(host: host, appointments: appointments)
        let edge = try await HTTPEdge.start(host: host, address: "127.0.0.1", port: 0, settings: HTTPEdgeSettings())
        let body = try HTTPLoad(port: edge.port, path: path, connections: 1).fetchOnce()
        let fixed = try await FixedBodyServer.start(body: body)
        print("feed: \(body.count) bytes, \(appointments) appointments")
        print("| connections | server | requests/s | p50 µs | p99 µs | vs fixed body |")
        print("|---:|---|---:|---:|---:|---:|")
        for n in connections {
            let f = try HTTPLoad(port: fixed.port, path: "/feed.ics", connections: n).run(seconds: seconds)
            let e = try HTTPLoad(port: edge.port, path: path, connections: n).run(seconds: seconds)
            print("| \(n) | fixed body | \(Int(f.rate)) | \(Int(f.p50)) | \(Int(f.p99)) | |")
            print("| \(n) | calendar feed | \(Int(e.rate)) | \(Int(e.p50)) | \(Int(e.p99)) | \(String(format: "%.0f%%", 100 * e.rate / f.rate)) |")
        }
        await fixed.stop()
        await edge.shutdown()
        await host.shutdown()
    }

    /// Books `appointments` for dr-benali through the methods and creates a feed; returns its path.
    static func prepareFeed(host: KernelHost, appointments: Int) async throws -> String {
        let dispatcher = Dispatcher(host: host)
        let session = dispatcher.openSession(transport: .inProcess, role: .admin, actor: "bench", sink: { _ in })
        func call(_ method: String, _ params: JSONValue) async throws -> JSONValue {
            switch await dispatcher.call(JSONRPC.Request(method: method, params: params, id: .int(1)), session: session) {
            case .success(let bytes): return try JSONParser.parse(bytes)
            case .failure(let error): throw ValidationError("\(method): \(error.message)")
            }
        }
        let from = RFC3339.format(host.clock.now().addingTimeInterval(86_400), in: host.timeZone)
        let slots =
            try await call(
                "agenda.findSlots",
                [
                    "practitionerIds": ["dr-benali"], "appointmentTypeId": "consultation",
                    "from": .string(from), "limit": .int(appointments)
                ]
            ).arrayValue ?? []
        for (i, slot) in slots.enumerated() {
            let patient = try await call(
                "patients.create",
                [
                    "lastName": .string("Patient\(i)"), "firstName": "Bench", "birthDate": "1970-01-01",
                    "phone": .string("06123400\(String(format: "%02d", i % 100))")
                ])
            _ = try await call(
                "agenda.book",
                [
                    "practitionerId": "dr-benali", "appointmentTypeId": "consultation", "start": slot["start"]!,
                    "siteId": slot["siteId"]!, "patientId": patient["id"]!
                ])
        }
        let feed = try await call("calendars.createFeed", ["practitionerId": "dr-benali"])
        guard let token = feed["token"]?.stringValue else { throw ValidationError("no feed token") }
        return "/calendars/\(token).ics"
    }
}

/// The ceiling for this body: Hummingbird answering a fixed byte buffer.
struct FixedBodyServer {
    let port: Int
    let task: Task<Void, Never>

    static func start(body: [UInt8]) async throws -> FixedBodyServer {
        let router = Router()
        let buffer = ByteBuffer(bytes: body)
        router.get("/feed.ics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8"], body: .init(byteBuffer: buffer))
        }
        let (bound, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "bench.fixed-body")
        logger.logLevel = .critical // its stop (a cancelled task) is not an error worth printing
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let task = Task {
            try? await app.run()
            continuation.finish()
        }
        for await port in bound { return FixedBodyServer(port: port, task: task) }
        throw ValidationError("the fixed-body server did not start")
    }

    func stop() async {
        task.cancel()
        await task.value
    }
}

/// Blocking client threads on keep-alive connections, one GET at a time each; latencies recorded.
struct HTTPLoad {
    let port: Int
    let path: String
    let connections: Int

    struct Outcome {
        let rate: Double
        let p50: Double
        let p99: Double
    }

    func fetchOnce() throws -> [UInt8] {
        let fd = try connectLoopback()
        defer { close(fd) }
        var reader = LineReader(fd: fd)
        send(fd)
        return try readResponse(&reader)
    }

    func run(seconds: Double) throws -> Outcome {
        let deadline = Date().addingTimeInterval(seconds)
        let results = Mutex<[[Double]]>([])
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        for _ in 0..<connections {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    let fd = try connectLoopback()
                    defer { close(fd) }
                    var reader = LineReader(fd: fd)
                    var latencies: [Double] = []
                    let clock = ContinuousClock()
                    while Date() < deadline {
                        let start = clock.now
                        send(fd)
                        _ = try readResponse(&reader)
                        let d = clock.now - start
                        latencies.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
                    }
                    results.withLock { $0.append(latencies) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }.start()
        }
        group.wait()
        if let f = failures.withLock({ $0.first }) { throw ValidationError("load generator: \(f)") }
        let all = results.withLock { $0.flatMap { $0 } }.sorted()
        guard !all.isEmpty else { return Outcome(rate: 0, p50: 0, p99: 0) }
        return Outcome(rate: Double(all.count) / seconds, p50: all[all.count / 2] * 1e6, p99: all[min(all.count - 1, all.count * 99 / 100)] * 1e6)
    }

    private func connectLoopback() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw ValidationError("connect failed")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    private func send(_ fd: Int32) {
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads one response (status 200 required, `Content-Length` body); returns the body.
    private func readResponse(_ reader: inout LineReader) throws -> [UInt8] {
        let status = String(decoding: try reader.next(), as: UTF8.self)
        guard status.hasPrefix("HTTP/1.1 200") else { throw ValidationError("unexpected answer: \(status)") }
        var length = 0
        while true {
            let line = String(decoding: try reader.next(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { break }
            if line.lowercased().hasPrefix("content-length:") { length = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0 }
        }
        return try reader.bytes(length)
    }
}

extension LineReader {
    /// The next `count` bytes.
    mutating func bytes(_ count: Int) throws -> [UInt8] {
        while buffer.count - start < count {
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { throw ValidationError("connection closed") }
            buffer.append(contentsOf: chunk[0..<n])
        }
        let out = Array(buffer[start..<start + count])
        start += count
        if start > 65536 {
            buffer.removeFirst(start)
            start = 0
        }
        return out
    }
}
