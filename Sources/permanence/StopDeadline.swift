import Dispatch
import Foundation
import Synchronization

/// The server's one watcher of SIGINT and SIGTERM, installed before the host starts, with what the
/// `ServiceGroup` does not offer for the stop:
/// - the first signal asks for the graceful shutdown (`onFirstSignal`), even one that comes before
///   the group runs;
/// - the stop is bounded: if the process is still running `finishWithin` seconds after the first
///   signal, it exits at once with status 1 (the group's own escalation is task cancellation, then a
///   crash, neither of which says why or exits with 1);
/// - a second signal during the stop exits at once with status 1 (the group ignores further signals).
/// Both exits say so on stderr.
final class StopDeadline: Sendable {
    /// Dispatch sources are thread-safe objects; this array is never mutated after init.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]

    init(finishWithin seconds: Double, onFirstSignal: @escaping @Sendable () -> Void) {
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
                onFirstSignal()
            }
            s.resume()
            sources.append(s)
        }
        self.sources = sources
    }

    /// Signals received so far.
    private final class Received: Sendable {
        private let count = Mutex(0)
        func next() -> Int {
            count.withLock {
                $0 += 1
                return $0
            }
        }
    }

    private static func exitNow(_ reason: String) -> Never {
        FileHandle.standardError.write(Data("permanence: \(reason)\n".utf8))
        _exit(1)
    }

    func cancel() { for s in sources { s.cancel() } }
}
