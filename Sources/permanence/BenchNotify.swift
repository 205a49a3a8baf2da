import ArgumentParser
import Foundation
import GRDB
import Kernel
import NIOCore
import NIOPosix
import Notify
import Synchronization

/// `permanence bench notify`: webhooks delivered per second to a loopback receiver, and the
/// latency from enqueue (the producing transaction) to receipt by the receiver.
///
/// The outbox lives in a SQLite file in WAL mode (as in production); the receiver is a minimal
/// SwiftNIO HTTP/1.1 server in this process that answers 200 and notes when each `webhook-id`
/// arrived. Throughput: a backlog enqueued at once, drained by the worker. Latency: messages
/// enqueued one per transaction at a steady rate, as modules do.
struct BenchNotify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Webhooks delivered per second to a loopback receiver, and enqueue-to-receipt latency p50/p99.")

    @Option(help: "Messages in the throughput backlog.") var backlog: Int = 5000
    @Option(help: "Messages for the latency run.") var messages: Int = 2000
    @Option(help: "Enqueue rate for the latency run, per second.") var rate: Double = 250
    @Option(help: "Deliveries in flight at once (notify.concurrency).") var concurrency: Int = 16

    func run() async throws {
        #if DEBUG
            print("warning: debug build; build with `swift build -c release` for meaningful figures")
        #endif
        let receiver = try await BenchReceiver.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("permanence-bench-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let yaml = """
            notify:
              concurrency: \(concurrency)
              webhooks:
                - {id: bench, url: "http://127.0.0.1:\(receiver.port)/hook", secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, events: ["*"]}
            """
        let document = try ConfigurationDocument(yaml: yaml, source: "bench")
        let plugin = try NotifyPlugin(configuration: document, httpClient: CurlHTTPClient(maxConcurrentTransfers: concurrency))
        let host = try KernelHost(store: try Store(path: directory.appendingPathComponent("bench.sqlite").path), configuration: document)
        try await host.install([plugin])
        let payload = #"{"type":"escalation.raised","timestamp":"2026-03-29T22:00:00+02:00","data":{"incidentId":"inc_0001","code":"4821","urgency":"urgent"}}"#
        let item = Outbox.Item(channel: "webhook", destination: "bench", event: "escalation.raised", payload: payload, urgency: .normal)

        // Throughput: a backlog committed at once.
        let backlog = self.backlog
        let started = ContinuousClock.now
        try await host.store.write { db in
            for _ in 0..<backlog { try Outbox.enqueue(item, practiceId: host.practiceId, in: db, now: Date()) }
        }
        await receiver.waitFor(backlog)
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let throughput = Double(backlog) / seconds

        // Latency: one message per transaction at a steady rate.
        let sent = Mutex<[String: ContinuousClock.Instant]>([:])
        let base = receiver.count
        let interval = Duration.nanoseconds(Int64(1e9 / rate))
        var next = ContinuousClock.now
        for _ in 0..<messages {
            try await Task.sleep(until: next, clock: .continuous)
            next = next.advanced(by: interval)
            let at = ContinuousClock.now
            let messageId = try await host.store.write { db -> String in
                let id = try Outbox.enqueue(item, practiceId: host.practiceId, in: db, now: Date())
                return try db.value(String.self, "SELECT messageId FROM outbox WHERE id = ?", [id]) ?? ""
            }
            sent.withLock { $0[messageId] = at }
        }
        await receiver.waitFor(base + messages)
        let receipts = receiver.receipts
        let latencies = sent.withLock { s in
            s.compactMap { id, at -> Double? in
                guard let r = receipts[id] else { return nil }
                let d = at.duration(to: r)
                return (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) * 1000
            }
        }.sorted()
        func percentile(_ p: Double) -> Double { latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        let backlogState = try await host.store.read { db in try Outbox.backlog(practiceId: host.practiceId, in: db) }
        print("| measure | value |")
        print("|---|---:|")
        print("| webhooks delivered per second (backlog of \(backlog), concurrency \(concurrency)) | \(Int(throughput)) |")
        print("| enqueue-to-receipt p50 at \(Int(rate))/s | \(String(format: "%.1f ms", percentile(0.5))) |")
        print("| enqueue-to-receipt p99 at \(Int(rate))/s | \(String(format: "%.1f ms", percentile(0.99))) |")
        print("| enqueue-to-receipt max | \(String(format: "%.1f ms", latencies.last ?? .nan)) |")
        print("| delivered / dead after the run | \(backlogState["delivered"] ?? 0) / \(backlogState["dead"] ?? 0) |")
        await host.shutdown()
        try await receiver.channel.close()
    }
}

/// A minimal HTTP/1.1 receiver: reads a request (headers + Content-Length body), notes the
/// `webhook-id` and when it arrived, answers `200` and keeps the connection open for the next one.
final class BenchReceiver: Sendable {
    let channel: any Channel
    private let state = Mutex<(receipts: [String: ContinuousClock.Instant], waiters: [(Int, CheckedContinuation<Void, Never>)])>(([:], []))
    var port: Int { channel.localAddress?.port ?? 0 }

    private init(channel: any Channel) { self.channel = channel }

    static func start() async throws -> BenchReceiver {
        let box = Mutex<BenchReceiver?>(nil)
        let recorder = Recorder { id in box.withLock { $0 }?.received(id) }
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 512)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { ch in
                ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(Handler(recorder: recorder)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let receiver = BenchReceiver(channel: channel)
        box.withLock { $0 = receiver }
        return receiver
    }

    var count: Int { state.withLock { $0.receipts.count } }
    var receipts: [String: ContinuousClock.Instant] { state.withLock { $0.receipts } }

    func received(_ id: String) {
        let now = ContinuousClock.now
        let ready = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            if s.receipts[id] == nil { s.receipts[id] = now }
            let n = s.receipts.count
            let due = s.waiters.filter { $0.0 <= n }.map(\.1)
            s.waiters.removeAll { $0.0 <= n }
            return due
        }
        for c in ready { c.resume() }
    }

    func waitFor(_ count: Int) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.receipts.count >= count { return true }
                s.waiters.append((count, c))
                return false
            }
            if now { c.resume() }
        }
    }

    struct Recorder: Sendable {
        let record: @Sendable (String) -> Void
        init(_ r: @escaping @Sendable (String) -> Void) { record = r }
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let recorder: Recorder
        var pending = ByteBuffer()
        init(recorder: Recorder) { self.recorder = recorder }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            pending.writeBuffer(&buffer)
            while let request = nextRequest() {
                if let id = request["webhook-id"] {
                    recorder.record(id)
                } else {
                    // A request without one (an SMS to a gateway) counts once, under an id of its own.
                    recorder.record(UUID().uuidString)
                }
                var reply = context.channel.allocator.buffer(capacity: 64)
                reply.writeString("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
            }
        }

        /// The headers (lowercased names) of the next complete request, consumed from `pending`.
        private func nextRequest() -> [String: String]? {
            let view = pending.readableBytesView
            guard let end = view.firstRange(of: [13, 10, 13, 10]) else { return nil }
            let headText = String(decoding: view[view.startIndex..<end.lowerBound], as: UTF8.self)
            var headers: [String: String] = [:]
            for line in headText.split(separator: "\r\n").dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let bodyLength = Int(headers["content-length"] ?? "0") ?? 0
            let total = end.upperBound - view.startIndex + bodyLength
            guard pending.readableBytes >= total else { return nil }
            pending.moveReaderIndex(forwardBy: total)
            pending.discardReadBytes()
            return headers
        }
    }
}
