import Foundation
import JSONRPC
import Kernel
import NIOCore
import NIOEmbedded
import Testing

@testable import Server

/// One TCP connection handler on a testing channel whose clock the test moves: authentication
/// deadline, idle timeout, replies larger than the outbound limit (back-pressure), throttled
/// authentication, half-close, requests before `initialize`, over-long lines before and after it.
struct ConnectionHandlerTests {
    /// A kernel (no plugins) on an in-memory store, a secretary token, and a connected channel.
    struct Rig {
        let channel: NIOAsyncTestingChannel
        let token: String
        let throttle: AuthenticationThrottle
        private let received = Lines()

        /// `holdWrites`: the socket never takes what is written (a client that does not read).
        init(
            peer: String = "192.0.2.7", throttle: AuthenticationThrottle? = nil, holdWrites: Bool = false, maximumLineLength: Int = 1 << 20,
            _ configure: (inout TCPServer.Options) -> Void = { _ in }
        ) async throws {
            let host = try KernelHost(
                store: try Store(), clock: ManualClock(Date(timeIntervalSince1970: 1_774_602_000)),
                configuration: try ConfigurationDocument(yaml: "practice: {name: Test, timezone: Europe/Paris}"),
                maximumLineLength: maximumLineLength)
            try await host.install([])
            token = try host.tokens.create(name: "console", role: .secretary, at: Date())
            var options = TCPServer.Options()
            configure(&options)
            let dispatcher = Dispatcher(host: host)
            let throttle =
                throttle
                ?? AuthenticationThrottle(
                    limit: options.maximumFailedAuthentications,
                    window: options.failedAuthenticationWindow)
            self.throttle = throttle
            let channel = NIOAsyncTestingChannel()
            self.channel = channel
            try await channel.testingEventLoop.executeInContext { [options] in
                if holdWrites { try channel.pipeline.syncOperations.addHandler(HeldWrites()) }
                try channel.pipeline.syncOperations.addHandler(ConnectionHandler(dispatcher: dispatcher, options: options, throttle: throttle))
            }
            try await channel.connect(to: SocketAddress(ipAddress: peer, port: 40000))
        }

        func send(_ line: String) async throws {
            try await channel.writeInbound(ByteBuffer(string: line + "\n"))
        }

        func call(_ id: Int, _ method: String, _ params: JSONValue? = nil) async throws -> JSONValue {
            try await send(JSONWriter.string(Request(method: method, params: params, id: .int(id)).jsonValue))
            return try await next()
        }

        /// The next line the handler wrote.
        func next() async throws -> JSONValue {
            while true {
                if let line = received.pop() { return try JSONParser.parse(line) }
                let buffer = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
                received.push(Array(buffer.readableBytesView))
            }
        }

        func initialize() async throws {
            let reply = try await call(1, "initialize", ["token": .string(token)])
            #expect(reply["result"]?["role"] == "secretary")
        }
    }

    /// Passes writes on but never reports them done, as a socket whose peer does not read.
    final class HeldWrites: ChannelOutboundHandler {
        typealias OutboundIn = ByteBuffer
        var held: [EventLoopPromise<Void>] = []
        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            if let promise { held.append(promise) }
            context.write(data, promise: nil)
        }
        func handlerRemoved(context: ChannelHandlerContext) {
            for p in held { p.fail(ChannelError.ioOnClosedChannel) }
        }
    }

    /// Bytes written by the handler, cut into lines.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes: [UInt8] = []
        func push(_ more: [UInt8]) {
            lock.lock()
            bytes += more
            lock.unlock()
        }
        func pop() -> [UInt8]? {
            lock.lock()
            defer { lock.unlock() }
            guard let nl = bytes.firstIndex(of: 0x0A) else { return nil }
            defer { bytes.removeSubrange(...nl) }
            return Array(bytes[..<nl])
        }
    }

    @Test func aSilentConnectionIsClosedAtTheAuthenticationDeadline() async throws {
        let rig = try await Rig { $0.authenticationTimeout = .seconds(5) }
        await rig.channel.testingEventLoop.advanceTime(by: .seconds(4))
        #expect(rig.channel.isActive)
        await rig.channel.testingEventLoop.advanceTime(by: .seconds(2))
        let notice = try await rig.next()
        #expect(notice["error"]?["code"] == -32001)
        #expect(!rig.channel.isActive)
    }

    @Test func anAuthenticatedConnectionOutlivesTheDeadline() async throws {
        let rig = try await Rig {
            $0.authenticationTimeout = .seconds(5)
            $0.idleTimeout = nil
        }
        try await rig.initialize()
        await rig.channel.testingEventLoop.advanceTime(by: .seconds(60))
        #expect(rig.channel.isActive)
        #expect(try await rig.call(2, "kernel.ping")["result"] == "pong")
    }

    @Test func trafficPostponesTheIdleTimeoutThenSilenceEndsTheSession() async throws {
        let rig = try await Rig { $0.idleTimeout = .seconds(60) }
        try await rig.initialize()
        await rig.channel.testingEventLoop.advanceTime(by: .seconds(50))
        #expect(try await rig.call(2, "kernel.ping")["result"] == "pong")
        await rig.channel.testingEventLoop.advanceTime(by: .seconds(50))
        #expect(rig.channel.isActive)
        await rig.channel.testingEventLoop.advanceTime(by: .seconds(15))
        let notice = try await rig.next()
        #expect(notice["error"]?["code"] == -32000)
        #expect(!rig.channel.isActive)
    }

    @Test func aReplyLargerThanTheOutboundLimitReachesAReadingClient() async throws {
        let rig = try await Rig { $0.maximumOutboundBytes = 1024 }
        try await rig.initialize()
        let discover = try await rig.call(2, "rpc.discover")
        #expect(JSONWriter.string(discover).utf8.count > 1024)
        #expect(discover["result"]?["methods"] != nil)
        #expect(rig.channel.isActive)
        #expect(try await rig.call(3, "kernel.ping")["result"] == "pong")
    }

    @Test func aClientThatTakesNothingIsClosedOnceRepliesWaitBehindTheOneBeingWritten() async throws {
        let rig = try await Rig(holdWrites: true) { $0.maximumOutboundBytes = 1024 }
        try await rig.initialize()
        // The initialize reply is the write in progress; one large reply may queue behind it…
        #expect(try await rig.call(2, "rpc.discover")["result"] != nil)
        #expect(rig.channel.isActive)
        // …but the next one finds more than the limit waiting: the client is dropped.
        try await rig.send(#"{"jsonrpc":"2.0","id":3,"method":"rpc.discover"}"#)
        try await rig.channel.closeFuture.get()
        #expect(!rig.channel.isActive)
    }

    @Test func linesBeforeAuthenticationHaveTheSmallLimit() async throws {
        let rig = try await Rig { $0.preAuthenticationLineLength = 200 }
        let padded = #"{"jsonrpc":"2.0","id":9,"method":"kernel.ping","params":{"x":""# + String(repeating: "a", count: 400) + #""}}"#
        try await rig.send(padded)
        #expect(try await rig.next()["error"]?["data"]?["reason"] == "line longer than 200 bytes")
        try await rig.initialize()
        try await rig.send(padded)
        #expect(try await rig.next()["id"] == 9)
    }

    @Test func aClientThatStopsSendingGetsEveryReplyThenTheConnectionCloses() async throws {
        let rig = try await Rig()
        try await rig.initialize()
        try await rig.send(#"{"jsonrpc":"2.0","id":21,"method":"kernel.ping"}"#)
        try await rig.send(#"{"jsonrpc":"2.0","id":22,"method":"kernel.ping"}"#)
        // The client shuts its sending side (half-close): what it sent is still answered.
        rig.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        let ids = Set([try await rig.next()["id"], try await rig.next()["id"]])
        #expect(ids == [21, 22])
        try await rig.channel.closeFuture.get()
        #expect(!rig.channel.isActive)
    }

    @Test func requestsBeforeInitializeAreRefusedAndTheSessionGoesOn() async throws {
        let rig = try await Rig()
        let early = try await rig.call(5, "kernel.ping")
        #expect(early["id"] == 5)
        #expect(early["error"]?["code"] == -32001, "\(early)")
        #expect(rig.channel.isActive)
        try await rig.initialize()
        #expect(try await rig.call(6, "kernel.ping")["result"] != nil)
    }

    @Test func anOverlongLineAfterAuthenticationIsRefusedAndTheNextIsAnswered() async throws {
        let rig = try await Rig(maximumLineLength: 4096)
        try await rig.initialize()
        let long = #"{"jsonrpc":"2.0","id":7,"method":"kernel.ping","params":{"x":""# + String(repeating: "a", count: 5000) + #""}}"#
        try await rig.send(long)
        let refused = try await rig.next()
        #expect(refused["error"]?["code"] == -32600, "\(refused)")
        #expect(refused["error"]?["data"]?["reason"] == "line longer than 4096 bytes")
        #expect(try await rig.call(8, "kernel.ping")["result"] != nil)
    }

    @Test func failuresFromOnePeerThrottleItsNextAttemptsOnAnyConnection() async throws {
        let throttle = AuthenticationThrottle(limit: 2, window: .seconds(60))
        let rig = try await Rig(throttle: throttle)
        for id in 1...2 {
            #expect(try await rig.call(id, "initialize", ["token": "pmt_wrong"])["error"]?["code"] == -32001)
        }
        let refused = try await rig.call(3, "initialize", ["token": .string(rig.token)])
        #expect(refused["error"]?["code"] == -32029)
        #expect(refused["error"]?["data"]?["retryAfterSeconds"] == 60)
        // Another peer is not concerned.
        let other = try await Rig(peer: "192.0.2.8", throttle: throttle)
        try await other.initialize()
    }

    @Test func theThrottleForgetsFailuresOlderThanItsWindow() {
        let throttle = AuthenticationThrottle(limit: 2, window: .seconds(60))
        let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000_000)
        throttle.recordFailures("192.0.2.7", count: 1, now: t0)
        #expect(throttle.blockedUntil("192.0.2.7", now: t0) == nil)
        throttle.recordFailures("192.0.2.7", count: 1, now: t0 + .seconds(30))
        #expect(throttle.blockedUntil("192.0.2.7", now: t0 + .seconds(30)) == t0 + .seconds(60))
        #expect(throttle.blockedUntil("192.0.2.8", now: t0 + .seconds(30)) == nil)
        // The first failure leaves the window after 60 s: one failure left, below the limit.
        #expect(throttle.blockedUntil("192.0.2.7", now: t0 + .seconds(60)) == nil)
    }
}
