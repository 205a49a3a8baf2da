import Dispatch
import Foundation
import JSONRPC
package import Kernel

#if canImport(Glibc)
    import Glibc
#endif

/// JSON-RPC over a pair of file descriptors (stdin/stdout by default).
///
/// Reads with blocking `read(2)` on a dedicated thread, so pipes, regular files, terminals and
/// `/dev/null` all work; writes are serialised blocking `write(2)` calls. Requests run concurrently
/// up to `maximumInFlight`; at end of input every pending reply is still written before `run` returns.
package final class StdioTransport: Sendable {
    let dispatcher: Dispatcher
    let input: Int32
    let output: Int32
    let role: Role
    let maximumInFlight: Int
    private let writeLock = NSLock()
    private let stopper = Once()

    package init(dispatcher: Dispatcher, role: Role, input: Int32 = 0, output: Int32 = 1, maximumInFlight: Int = 64) {
        self.dispatcher = dispatcher
        self.role = role
        self.input = input
        self.output = output
        self.maximumInFlight = maximumInFlight
    }

    /// Serves until end of input or `exit`; returns once every reply is written.
    package func run() async {
        signal(SIGPIPE, SIG_IGN)
        let exitFlag = ExitFlag()
        let group = DispatchGroup()
        let finish = Once()
        let session = dispatcher.openSession(
            transport: .stdio, role: role, actor: "stdio",
            sink: { [self] line in write(line) },
            onExit: { [stopper] in
                _ = stopper
                exitFlag.set()
                // The reader may be blocked in read(2): finish once in-flight work is written.
                group.notify(queue: .global()) { finish.run() }
            })
        stopper.set { [session] in session.requestExitFromTransport() }
        let slots = DispatchSemaphore(value: maximumInFlight)
        let limit = dispatcher.host.maximumLineLength
        let dispatcher = self.dispatcher
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            finish.set { done.resume() }
            let thread = Thread { [self] in
                var framer = LineFramer(maximumLength: limit)
                var buffer = [UInt8](repeating: 0, count: 65536)
                func dispatch(_ frames: [LineFramer.Frame]) {
                    for frame in frames {
                        switch frame {
                        case .tooLong:
                            write(Dispatcher.lineTooLong(limit: limit))
                        case .line(let line):
                            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                            // Admitted here, in reading order: a request read before `shutdown` runs
                            // even if its task starts after the shutdown's.
                            switch dispatcher.answerInline(line: line, session: session) {
                            case .answered(let reply): if let reply { write(reply) }
                            case .needsTask(let pending):
                                slots.wait()
                                group.enter()
                                Task {
                                    if let reply = await dispatcher.handle(pending, session: session) { self.write(reply) }
                                    slots.signal()
                                    group.leave()
                                }
                            }
                        }
                    }
                }
                reading: while !exitFlag.isSet {
                    let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, 65536) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break reading }
                    dispatch(framer.feed(buffer[0..<n]))
                }
                if !exitFlag.isSet { dispatch(framer.finish()) }
                group.wait()
                finish.run()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        dispatcher.closeSession(session)
    }

    /// Stops reading (signal): in-flight requests finish and their replies are written, then `run` returns.
    package func stop() { stopper.run() }

    /// Writes one line; a closed or full output (EPIPE) drops it rather than crashing.
    func write(_ line: [UInt8]) {
        var bytes = line
        bytes.append(0x0A)
        writeLock.lock()
        defer { writeLock.unlock() }
        var offset = 0
        bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = Glibc.write(output, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}

/// A flag set once, read from any thread.
final class ExitFlag: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var value = false // guarded by `lock`
    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

/// Runs its action at most once, whoever asks first; an action set after `run` was asked for runs at once
/// (a stop asked before the transport started is not lost).
final class Once: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var action: (() -> Void)? // guarded by `lock`
    nonisolated(unsafe) private var done = false // guarded by `lock`
    nonisolated(unsafe) private var ran = false // guarded by `lock`
    func set(_ a: @escaping () -> Void) {
        lock.lock()
        let runNow = done && !ran
        if runNow { ran = true } else { action = a }
        lock.unlock()
        if runNow { a() }
    }
    func run() {
        lock.lock()
        let a = done ? nil : action
        done = true
        if a != nil { ran = true }
        lock.unlock()
        a?()
    }
}
