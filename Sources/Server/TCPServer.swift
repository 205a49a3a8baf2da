import Foundation
import JSONRPC
import Kernel
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// JSON-RPC over TCP, one message per line, on SwiftNIO.
///
/// Each connection is a session that must authenticate with `initialize {token}`. Requests of one
/// connection run concurrently up to `maximumInFlight`; past that the server stops reading until
/// replies go out. A client that stops reading is disconnected once `maximumOutboundBytes` are queued.
/// A half-close still gets every pending reply.
public final class TCPServer: Sendable {
    public struct Options: Sendable {
        public var maximumInFlight = 64
        public var maximumOutboundBytes = 8 << 20
        public init() {}
    }

    private let channel: any Channel
    private let connections: ConnectionSet
    public let group: any EventLoopGroup
    /// The port actually bound (useful with port 0).
    public let port: Int
    public let host: String

    private init(channel: any Channel, connections: ConnectionSet, group: any EventLoopGroup) {
        self.channel = channel
        self.connections = connections
        self.group = group
        port = channel.localAddress?.port ?? 0
        host = channel.localAddress?.ipAddress ?? ""
    }

    public static func start(host: String, port: Int, dispatcher: Dispatcher, options: Options = Options(),
                             group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> TCPServer {
        let connections = ConnectionSet()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 256 << 10, high: 1 << 20))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = ConnectionHandler(dispatcher: dispatcher, options: options)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    connections.add(channel)
                    channel.closeFuture.whenComplete { _ in connections.remove(channel) }
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        return TCPServer(channel: channel, connections: connections, group: group)
    }

    /// Stops accepting, lets every connection finish its in-flight requests, then closes them.
    public func shutdown() async {
        try? await channel.close()
        for c in connections.all {
            c.pipeline.fireUserInboundEventTriggered(ConnectionHandler.Drain())
        }
        for c in connections.all { try? await c.closeFuture.get() }
    }

    public var connectionCount: Int { connections.all.count }
}

final class ConnectionSet: Sendable {
    private let channels = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])
    func add(_ c: any Channel) { channels.withLockedValue { $0[ObjectIdentifier(c)] = c } }
    func remove(_ c: any Channel) { _ = channels.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(c)) } }
    var all: [any Channel] { channels.withLockedValue { Array($0.values) } }
}

/// One connection: framing, concurrency cap, back-pressure, half-close.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Asks the connection to finish what it has and close (server shutdown).
    struct Drain {}

    let dispatcher: Dispatcher
    let options: Options
    typealias Options = TCPServer.Options
    var framer: LineFramer
    var session: Session?
    var context: ChannelHandlerContext?
    var inFlight = 0
    /// Lines received before the session authenticated: run one at a time, in order, so that a client
    /// may send `initialize` and its first requests without waiting for the reply.
    var waiting: [[UInt8]] = []
    var inputClosed = false
    var readingPaused = false
    var queuedBytes = 0
    var flushScheduled = false
    /// Replies not yet written; `reading` is true while `channelRead` runs (they go out in `channelReadComplete`).
    var outbound = ByteBuffer()
    var reading = false
    var closed = false

    init(dispatcher: Dispatcher, options: Options) {
        self.dispatcher = dispatcher
        self.options = options
        framer = LineFramer(maximumLength: dispatcher.host.maximumLineLength)
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelActive(context: ChannelHandlerContext) {
        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        let peer = context.channel.remoteAddress?.description ?? "tcp"
        session = dispatcher.openSession(transport: .tcp, role: nil, actor: peer,
            sink: { line in loop.execute { bound.value.send(line) } },
            onExit: { loop.execute { bound.value.exitRequested() } })
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        if let session { dispatcher.closeSession(session) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let frames = buffer.withUnsafeReadableBytes { framer.feed($0) }
        reading = true
        handle(frames)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        reading = false
        flushOutbound()
        context.fireChannelReadComplete()
    }

    func handle(_ frames: [LineFramer.Frame]) {
        guard let session, let context else { return }
        for frame in frames {
            switch frame {
            case .tooLong:
                send(Dispatcher.lineTooLong(limit: dispatcher.host.maximumLineLength))
            case .line(let line):
                if line.isEmpty || line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                if session.role == nil || !waiting.isEmpty {
                    waiting.append(line)
                    continue
                }
                switch dispatcher.answerInline(line: line, session: session) {
                case .answered(let reply): if let reply { send(reply) }
                case .needsTask(let incoming): start(incoming, session: session, context: context)
                }
            }
        }
        pumpWaiting()
        updateReading()
    }

    /// Runs a parsed line as its own task; the reply is written from the event loop.
    func start(_ incoming: Incoming, session: Session, context: ChannelHandlerContext) {
        inFlight += 1
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        let dispatcher = self.dispatcher
        Task {
            let reply = await dispatcher.handle(incoming, session: session)
            loop.execute { bound.value.completed(reply) }
        }
    }

    /// Before authentication one line at a time; once authenticated, everything that waited at once.
    func pumpWaiting() {
        guard let session, let context, !waiting.isEmpty, inFlight == 0 else { return }
        if session.role != nil {
            let lines = waiting
            waiting = []
            for line in lines { start(Incoming.parse(line), session: session, context: context) }
        } else {
            start(Incoming.parse(waiting.removeFirst()), session: session, context: context)
        }
    }

    func completed(_ reply: [UInt8]?) {
        inFlight -= 1
        if let reply { send(reply) }
        pumpWaiting()
        updateReading()
        closeIfDone()
    }

    /// Queues a reply line; queued lines go out in one write when this read ends, or on the next
    /// turn of the event loop for replies that come back from tasks.
    func send(_ line: [UInt8]) {
        guard let context, !closed else { return }
        outbound.reserveCapacity(minimumWritableBytes: line.count + 1)
        outbound.writeBytes(line)
        outbound.writeInteger(UInt8(0x0A))
        if queuedBytes + outbound.readableBytes > options.maximumOutboundBytes {
            // The client does not read what we send: drop it rather than grow without bound.
            closed = true
            outbound.clear()
            context.close(promise: nil)
            return
        }
        if !flushScheduled && !reading {
            flushScheduled = true
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.execute { bound.value.flushOutbound() }
        }
    }

    /// Writes and flushes what `send` queued, counting it until the socket has taken it.
    func flushOutbound() {
        flushScheduled = false
        guard let context, !closed, outbound.readableBytes > 0 else { return }
        let buffer = outbound
        outbound = context.channel.allocator.buffer(capacity: 0)
        let size = buffer.readableBytes
        queuedBytes += size
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let promise = context.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenComplete { _ in bound.value.queuedBytes -= size }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: promise)
    }

    func updateReading() {
        guard let context else { return }
        // Only the in-flight cap pauses reading: a client that stops reading its replies keeps being
        // read, and is disconnected once `maximumOutboundBytes` are queued for it (see `send`).
        let shouldPause = inFlight + waiting.count >= options.maximumInFlight
        if shouldPause != readingPaused {
            readingPaused = shouldPause
            context.channel.setOption(.autoRead, value: !shouldPause).whenFailure { _ in }
            if !shouldPause { context.read() }
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        updateReading()
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let e = event as? ChannelEvent, e == .inputClosed {
            inputClosed = true
            handle(framer.finish())
            closeIfDone()
        } else if event is Drain {
            inputClosed = true
            context.channel.setOption(.autoRead, value: false).whenFailure { _ in }
            closeIfDone()
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func exitRequested() {
        inputClosed = true
        closeIfDone()
    }

    func closeIfDone() {
        guard inputClosed, inFlight == 0, waiting.isEmpty, let context, !closed else { return }
        flushOutbound()
        closed = true
        // Close only once everything queued has reached the socket: close() would fail pending writes.
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: promise)
        promise.futureResult.whenComplete { _ in bound.value.context?.close(promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
