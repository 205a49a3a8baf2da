import JSONRPC
import Kernel
import NIOCore

/// One connection: framing, authentication deadline and throttling, concurrency cap, back-pressure,
/// idle timeout, half-close.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Asks the connection to finish what it has and close (server shutdown).
    struct Drain {}

    let dispatcher: Dispatcher
    let options: Options
    typealias Options = TCPServer.Options
    let throttle: AuthenticationThrottle
    var framer: LineFramer
    var session: Session?
    var context: ChannelHandlerContext?
    /// The peer's address without its port: the key of failed-authentication throttling.
    var peerAddress = "?"
    /// Set once an `initialize` succeeded; read on every line instead of the session's lock.
    var authenticated = false
    var inFlight = 0
    /// `initialize` calls in the line running before authentication (counted as failures if it
    /// ends unauthenticated).
    var authenticationAttempts = 0
    /// Lines received before the session authenticated: run one at a time, in order, so that a client
    /// may send `initialize` and its first requests without waiting for the reply.
    var waiting: [[UInt8]] = []
    var inputClosed = false
    var readingPaused = false
    /// Bytes handed to the channel and not yet written to the socket, and the sizes of those writes,
    /// oldest first (from `pendingHead`): the oldest is the one being written.
    var queuedBytes = 0
    var pendingWrites: [Int] = []
    var pendingHead = 0
    var flushScheduled = false
    /// Replies not yet written; `reading` is true while `channelRead` runs (they go out in `channelReadComplete`).
    var outbound = ByteBuffer()
    var reading = false
    var closed = false
    /// The last bytes received or write completed: what the idle timeout measures from.
    var lastActivity = NIODeadline.uptimeNanoseconds(0)
    var authenticationDeadline: Scheduled<Void>?
    var idleCheck: Scheduled<Void>?

    init(dispatcher: Dispatcher, options: Options, throttle: AuthenticationThrottle) {
        self.dispatcher = dispatcher
        self.options = options
        self.throttle = throttle
        framer = LineFramer(maximumLength: min(options.preAuthenticationLineLength, dispatcher.host.maximumLineLength))
    }

    /// The code of the line sent before closing an idle session (-32000, the specification's server error).
    static let idleClosed = ErrorCode(rawValue: -32000)

    /// One JSON-RPC error line with a null id (what a connection is told before it is closed).
    static func errorLine(_ code: ErrorCode, _ message: String, data: JSONValue? = nil) -> [UInt8] {
        Response.failure(id: .null, error: RPCError(code, message, data: data))
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelActive(context: ChannelHandlerContext) {
        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        let peer = context.channel.remoteAddress
        peerAddress = peer?.ipAddress ?? "?"
        lastActivity = loop.now
        session = dispatcher.openSession(
            transport: .tcp, role: nil, actor: peer?.description ?? "tcp",
            sink: { line in loop.execute { bound.value.send(line) } },
            onExit: { loop.execute { bound.value.exitRequested() } })
        authenticationDeadline = loop.scheduleTask(in: options.authenticationTimeout) {
            bound.value.authenticationTimedOut()
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        authenticationDeadline?.cancel()
        idleCheck?.cancel()
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
        if options.idleTimeout != nil { lastActivity = context.eventLoop.now }
        flushOutbound()
        context.fireChannelReadComplete()
    }

    func handle(_ frames: [LineFramer.Frame]) {
        guard let session, let context else { return }
        for frame in frames {
            switch frame {
            case .tooLong:
                send(Dispatcher.lineTooLong(limit: framer.maximumLength))
            case .line(let line):
                if line.isEmpty || line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                if !authenticated || !waiting.isEmpty {
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
    func start(_ pending: Dispatcher.Pending, session: Session, context: ChannelHandlerContext) {
        inFlight += 1
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        let dispatcher = self.dispatcher
        Task {
            let reply = await dispatcher.handle(pending, session: session)
            loop.execute { bound.value.completed(reply) }
        }
    }

    /// Before authentication one line at a time; once authenticated, everything that waited at once.
    func pumpWaiting() {
        guard let session, let context, inFlight == 0, !closed else { return }
        if authenticated {
            guard !waiting.isEmpty else { return }
            let lines = waiting
            waiting = []
            for line in lines { start(.init(incoming: Incoming.parse(line), ticket: session.receive()), session: session, context: context) }
            return
        }
        while !waiting.isEmpty {
            let incoming = Incoming.parse(waiting.removeFirst())
            let attempts = Self.initializeCalls(in: incoming)
            if attempts > 0, let until = throttle.blockedUntil(peerAddress, now: context.eventLoop.now) {
                // Refused without looking at the token; not counted as a failure.
                if let reply = Self.throttled(incoming, retryAfter: until - context.eventLoop.now) { send(reply) }
                continue
            }
            authenticationAttempts = attempts
            start(.init(incoming: incoming, ticket: session.receive()), session: session, context: context)
            return
        }
    }

    /// The -32029 reply to a line whose `initialize` calls come from a throttled address (none to a notification).
    static func throttled(_ incoming: Incoming, retryAfter: TimeAmount) -> [UInt8]? {
        let seconds = max(1, Int((retryAfter.nanoseconds + 999_999_999) / 1_000_000_000))
        let error = RPCError(
            .rateLimited, "Too many failed authentications from this address: retry in \(seconds) s",
            data: ["retryAfterSeconds": .int(seconds)])
        if case .single(.request(let request)) = incoming { return request.id.map { Response.failure(id: $0, error: error) } }
        return Response.failure(id: .null, error: error)
    }

    /// How many `initialize` requests a line holds.
    static func initializeCalls(in incoming: Incoming) -> Int {
        func isInitialize(_ entry: Incoming.Entry) -> Bool {
            if case .request(let r) = entry, r.method == "initialize" { return true }
            return false
        }
        switch incoming {
        case .parseError: return 0
        case .single(let entry): return isInitialize(entry) ? 1 : 0
        case .batch(let entries): return entries.reduce(0) { $0 + (isInitialize($1) ? 1 : 0) }
        }
    }

    func completed(_ reply: [UInt8]?) {
        inFlight -= 1
        if !authenticated { checkAuthentication() }
        if let reply { send(reply) }
        pumpWaiting()
        updateReading()
        closeIfDone()
    }

    /// After a line that ran before authentication: either the session is now authenticated (its
    /// full line limit and idle timeout apply), or its `initialize` calls count as failures.
    func checkAuthentication() {
        guard let session, let context else { return }
        let attempts = authenticationAttempts
        authenticationAttempts = 0
        guard session.role != nil else {
            throttle.recordFailures(peerAddress, count: attempts, now: context.eventLoop.now)
            return
        }
        authenticated = true
        authenticationDeadline?.cancel()
        authenticationDeadline = nil
        framer.maximumLength = dispatcher.host.maximumLineLength
        if let idle = options.idleTimeout { scheduleIdleCheck(in: idle) }
    }

    func authenticationTimedOut() {
        guard !authenticated, !closed else { return }
        let seconds = Double(options.authenticationTimeout.nanoseconds) / 1e9
        disconnect(
            saying: Self.errorLine(
                .notAuthenticated,
                "Not authenticated: initialize with a valid token was not completed within \(seconds) s; closing"))
    }

    func scheduleIdleCheck(in delay: TimeAmount) {
        guard let context, !closed else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        idleCheck = context.eventLoop.scheduleTask(in: delay) { bound.value.checkIdle() }
    }

    /// Closes a session with nothing received and no write completed for `idleTimeout` (a request
    /// still running keeps it open); otherwise looks again when it could next be idle.
    func checkIdle() {
        guard let idle = options.idleTimeout, let context, !closed else { return }
        let quiet = context.eventLoop.now - lastActivity
        if quiet >= idle && inFlight == 0 {
            let seconds = Double(idle.nanoseconds) / 1e9
            disconnect(saying: Self.errorLine(Self.idleClosed, "Idle timeout: nothing received or sent for \(seconds) s; closing"))
        } else {
            scheduleIdleCheck(in: quiet >= idle ? idle : idle - quiet)
        }
    }

    /// Sends one last error line (what is queued before it is dropped) and closes at once: whether
    /// the peer reads it is up to the peer.
    func disconnect(saying line: [UInt8]) {
        guard let context, !closed else { return }
        closed = true
        waiting = []
        outbound.clear()
        var buffer = context.channel.allocator.buffer(capacity: line.count + 1)
        buffer.writeBytes(line)
        buffer.writeInteger(UInt8(0x0A))
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        context.close(promise: nil)
    }

    /// Queues a reply line; queued lines go out in one write when this read ends, or on the next
    /// turn of the event loop for replies that come back from tasks.
    func send(_ line: [UInt8]) {
        guard let context, !closed else { return }
        // What the client has not taken yet, beyond the write the socket is working through: past the
        // limit, the client does not read what we send. Drop it rather than grow without bound.
        let oldest = pendingHead < pendingWrites.count ? pendingWrites[pendingHead] : 0
        if queuedBytes - oldest + outbound.readableBytes > options.maximumOutboundBytes {
            closed = true
            outbound.clear()
            context.close(promise: nil)
            return
        }
        outbound.reserveCapacity(minimumWritableBytes: line.count + 1)
        outbound.writeBytes(line)
        outbound.writeInteger(UInt8(0x0A))
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
        pendingWrites.append(size)
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let promise = context.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenComplete { _ in bound.value.written(size) }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: promise)
    }

    /// The oldest pending write reached the socket (or failed): writes complete in order.
    func written(_ size: Int) {
        queuedBytes -= size
        pendingHead += 1
        if pendingHead >= pendingWrites.count {
            pendingWrites.removeAll(keepingCapacity: true)
            pendingHead = 0
        }
        if options.idleTimeout != nil, let context { lastActivity = context.eventLoop.now }
    }

    func updateReading() {
        guard let context else { return }
        // Only the in-flight cap pauses reading (a smaller one before authentication): a client that
        // stops reading its replies keeps being read, and is disconnected once it is too far behind (see `send`).
        let cap = authenticated ? options.maximumInFlight : min(options.maximumInFlight, options.preAuthenticationQueue)
        let shouldPause = inFlight + waiting.count >= cap
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
