import Foundation
import JSONRPC
package import Kernel
import Logging
import Practice
import Synchronization

/// The background task that fires due steps: it sleeps on the host's clock until the earliest
/// pending step (`host.clock.sleep(until:)`), fires every step due, and sleeps again. Raising an
/// incident wakes it (`wake()`), so a new, earlier timer is never missed. Timers live in the
/// database, so a restarted worker resumes where the previous one stopped; on a server, where
/// other nodes raise incidents too, it also looks again every `Store.lookAgainSeconds`, and a due
/// step is taken `FOR UPDATE`, so exactly one node fires it.
package final class EscalationWorker: Sendable {
    private struct State {
        var loop: Task<Void, Never>?
        var sleeper: Task<Void, any Error>?
        var wakePending = false
        /// Set by `stop`: the loop makes no new sleeper (one made after `stop` took the sleeper to
        /// cancel would sleep on, the loop's cancellation not reaching it).
        var stopping = false
    }
    private let state = Mutex(State())
    let engine: EscalationEngine

    init(engine: EscalationEngine) { self.engine = engine }

    /// Starts the loop (once).
    func start(host: KernelHost) {
        state.withLock { s in
            guard s.loop == nil else { return }
            s.loop = Task { [weak self] in await self?.run(host: host) }
        }
    }

    /// Makes the loop look at the timers again now.
    package func wake() {
        let sleeper = state.withLock { s -> Task<Void, any Error>? in
            s.wakePending = true
            return s.sleeper
        }
        sleeper?.cancel()
    }

    /// Stops the loop and returns once it has ended: a sleep under way is cut short, and one the
    /// loop was about to start is not started.
    func stop() async {
        let (loop, sleeper) = state.withLock { s in
            s.stopping = true
            return (s.loop, s.sleeper)
        }
        loop?.cancel()
        sleeper?.cancel()
        await loop?.value
        state.withLock { $0 = State() }
    }

    private func run(host: KernelHost) async {
        while !Task.isCancelled && !state.withLock({ $0.stopping }) {
            var pass: Pass?
            do { pass = try await firePending(host: host) } catch {
                // Stopped during a read: nothing failed.
                if Task.isCancelled { return }
                host.logger.error("escalation: firing due steps failed: \(error)")
            }
            // The pass's last read says when the next step is due; read it again only when it did not.
            let next =
                pass?.nextKnown == true
                ? pass?.next : ((try? await host.store.read { try IncidentStore.nextDue(practiceId: host.practiceId, in: $0) }) ?? nil)
            let sleeper = state.withLock { s -> Task<Void, any Error>? in
                if s.wakePending || s.stopping || Task.isCancelled {
                    s.wakePending = false
                    return nil
                }
                let clock = host.clock
                let wakeAt = host.store.wakeTime(next: next, now: clock.now()) ?? .distantFuture
                let t = Task { try await clock.sleep(until: wakeAt) }
                s.sleeper = t
                return t
            }
            guard let sleeper else { continue }
            _ = await sleeper.result
            state.withLock { s in
                s.sleeper = nil
                s.wakePending = false
            }
        }
    }

    /// Fires every step due at the host's current time, one transaction each; returns how many fired.
    @discardableResult
    package func fireDue(host: KernelHost) async throws -> Int { try await firePending(host: host).fired }

    /// What a pass did: the steps it fired and, when its last read found none due, the next due time.
    private struct Pass {
        var fired = 0
        var next: Date?
        /// False when the pass stopped without reading the next due time (cancelled, or a step taken meanwhile).
        var nextKnown = false
    }

    private func firePending(host: KernelHost) async throws -> Pass {
        var pass = Pass()
        while !Task.isCancelled {
            let now = host.clock.now()
            // A read first: a pass with nothing due (every practice's first pass at start) writes nothing.
            let due = try await host.store.read({ try IncidentStore.nextDue(practiceId: host.practiceId, in: $0) })
            guard let due, due <= now else {
                (pass.next, pass.nextKnown) = (due, true)
                break
            }
            let engine = self.engine
            let followUp = IncidentFollowUp(engine: engine, host: host)
            let fired = try await host.store.write { db -> Bool in
                guard var incident = try IncidentStore.firstDue(now: now, practiceId: host.practiceId, in: db) else { return false }
                var events = try engine.fireStep(&incident, practiceId: host.practiceId, now: now, in: db)
                try IncidentStore.update(incident, practiceId: host.practiceId, in: db)
                // Nobody acknowledged: the promise goes to the secretaries' queue, in this transaction.
                if incident.status == .exhausted, let queued = try followUp.chainExhausted(incident, now: now, in: db) {
                    for i in events.indices where events[i].topic == "escalation.exhausted" {
                        if case .object(var o) = events[i].payload {
                            o["queuedMessageId"] = .string(queued.messageId)
                            o["queuedCode"] = .string(queued.code)
                            events[i].payload = .object(o)
                        }
                    }
                }
                for e in events { try e.publish(on: host, in: db) }
                return true
            }
            guard fired else { break }
            pass.fired += 1
        }
        return pass
    }
}
