import Foundation

/// A small set of dedicated threads that run blocking jobs (libcurl transfers) in submission
/// order, so that blocking calls never occupy Swift's cooperative pool.
///
/// Threads start on demand, up to `threadCount`, and then wait for work. Jobs submitted while
/// every thread is busy wait in a FIFO queue. Releasing the pool lets the threads finish the
/// queued jobs and exit.
public final class BlockingThreadPool: Sendable {
    private let queue: JobQueue

    /// - Parameters:
    ///   - threadCount: the most transfers that run at the same time (at least 1).
    ///   - name: the threads' name, as shown by debuggers.
    public init(threadCount: Int = 4, name: String = "permanence.notify.curl") {
        queue = JobQueue(maxThreads: max(1, threadCount), name: name)
    }

    deinit { queue.shutDown() }

    /// Queues `job` to run on one of the pool's threads; returns at once.
    public func submit(_ job: @escaping @Sendable () -> Void) {
        queue.enqueue(job)
    }
}

/// The queue the pool's threads share.
///
/// `@unchecked Sendable` invariant: `jobs`, `head`, `startedThreads`, `idleThreads` and
/// `isShutDown` are read and written only while `condition` is locked; `maxThreads` and `name`
/// never change.
private final class JobQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var startedThreads = 0
    private var idleThreads = 0
    private var isShutDown = false
    private let maxThreads: Int
    private let name: String

    init(maxThreads: Int, name: String) {
        self.maxThreads = maxThreads
        self.name = name
    }

    func enqueue(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        let pending = jobs.count - head
        let startThread = pending > idleThreads && startedThreads < maxThreads
        if startThread { startedThreads += 1 }
        condition.signal()
        condition.unlock()
        if startThread {
            let thread = Thread { [self] in self.run() }
            thread.name = name
            thread.start()
        }
    }

    func shutDown() {
        condition.lock()
        isShutDown = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while let job = next() {
            job()
        }
    }

    /// The next job, waiting for one; nil once the queue is shut down and drained.
    private func next() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count {
            if isShutDown {
                startedThreads -= 1
                return nil
            }
            idleThreads += 1
            condition.wait()
            idleThreads -= 1
        }
        let job = jobs[head]
        head += 1
        if head > 64 && head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }
}
