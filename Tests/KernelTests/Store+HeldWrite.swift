import Dispatch
import Kernel

extension Store {
    /// Starts a write (`writeInBackground` if `background`) that holds the writer until `release` is
    /// signalled, then runs `body`; returns once the writer is held, with the write's task. Writes
    /// submitted meanwhile queue behind it.
    func heldWrite(
        background: Bool = false, until release: DispatchSemaphore, _ body: @escaping @Sendable (any StoreConnection) throws -> Void
    ) async -> Task<Void, any Error> {
        let started = DispatchSemaphore(value: 0)
        let hold: @Sendable (any StoreConnection) throws -> Void = { db in
            started.signal()
            release.wait()
            try body(db)
        }
        let task = Task {
            if background { try await writeInBackground(hold) } else { try await write(hold) }
        }
        // Waited for on a thread of its own: the task pool's threads may be the ones the write needs.
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                started.wait()
                c.resume()
            }
        }
        return task
    }
}
