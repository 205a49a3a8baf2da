import Foundation
import GRDB
import Synchronization

/// Group commit: write transactions that arrive while the database is busy committing are run
/// together, each in its own savepoint, and committed at once.
///
/// A durable commit costs a sync of the write-ahead log; with many secretaries booking at once,
/// one sync for a whole group instead of one each is what lets bookings per second grow with load.
/// Each job keeps its own outcome: a job that throws has its savepoint rolled back, with the commit
/// hooks it added (its events are never delivered), and gets its error; the others commit. Nobody
/// is answered before the commit that holds their change has succeeded; if that commit fails,
/// everyone in the group gets the error. Jobs run in arrival order, as if one after the other.
final class GroupCommit: Sendable {
    private struct Job: Sendable {
        let body: @Sendable (any StoreConnection) throws -> any Sendable
        let done: @Sendable (Result<any Sendable, any Error>) -> Void
    }

    private let writer: any DatabaseWriter
    private let state = Mutex<(jobs: [Job], running: Bool)>(([], false))

    init(writer: any DatabaseWriter) { self.writer = writer }

    /// Jobs submitted and not yet taken into a transaction.
    var queued: Int { state.withLock { $0.jobs.count } }

    func submit<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(body: { try body($0) }, done: { result in continuation.resume(with: result.map { $0 as! T }) })
            let start = state.withLock { s -> Bool in
                s.jobs.append(job)
                if s.running { return false }
                s.running = true
                return true
            }
            if start { scheduleGroup() }
        }
    }

    /// Takes every waiting job to the writer; when none is left, stops until the next `submit`.
    private func scheduleGroup() {
        writer.asyncWriteWithoutTransaction { db in
            let group = self.state.withLock { s -> [Job] in
                defer { s.jobs.removeAll(keepingCapacity: true) }
                return s.jobs
            }
            let results = Self.run(group, in: db)
            for (job, result) in zip(group, results) { job.done(result) }
            // More arrived meanwhile: another group, after other users of the writer had a turn.
            let more = self.state.withLock { s -> Bool in
                if s.jobs.isEmpty { s.running = false }
                return s.running
            }
            if more { self.scheduleGroup() }
        }
    }

    /// Runs the group in one transaction; returns each job's outcome, in order.
    private static func run(_ group: [Job], in db: Database) -> [Result<any Sendable, any Error>] {
        if group.count == 1 { return [alone(group[0], in: db)] }
        var results: [Result<any Sendable, any Error>] = []
        results.reserveCapacity(group.count)
        do {
            try db.inTransaction(.immediate) {
                for job in group {
                    do {
                        // A job that throws is undone with the commit hooks it added (`savepoint`).
                        results.append(.success(try db.savepoint { try job.body(db) }))
                    } catch {
                        results.append(.failure(error))
                        // Some SQLite errors (disk full, I/O) end the whole transaction.
                        guard db.isInsideTransaction else { throw TransactionEnded(failedJob: results.count - 1, error: error) }
                    }
                }
                return .commit
            }
            return results
        } catch let ended as TransactionEnded {
            // What ran before the failure is gone with the transaction: run the others alone.
            // Jobs that had already failed in their savepoint keep that outcome and are not run again.
            return group.indices.map { i in
                if i == ended.failedJob { return .failure(ended.error) }
                if i < results.count, case .failure = results[i] { return results[i] }
                return alone(group[i], in: db)
            }
        } catch {
            // The commit failed: nothing of the group is stored.
            return group.indices.map { i in
                if i < results.count, case .failure = results[i] { return results[i] }
                return .failure(error)
            }
        }
    }

    /// One job in its own transaction (no savepoint needed: its failure rolls back only itself).
    private static func alone(_ job: Job, in db: Database) -> Result<any Sendable, any Error> {
        Result {
            var value: (any Sendable)?
            try db.inTransaction(.immediate) {
                value = try job.body(db)
                return .commit
            }
            return value!
        }
    }

    private struct TransactionEnded: Error {
        let failedJob: Int
        let error: any Error
    }
}
