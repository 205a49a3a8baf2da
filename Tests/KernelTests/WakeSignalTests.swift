import Foundation
import GRDB
import JSONRPC
import Testing

@testable import Kernel

@Suite struct WakeSignalTests {
    @Test func aFireBeforeTheWaitIsNotLostAndSeveralCountAsOne() async {
        let signal = WakeSignal()
        signal.fire()
        signal.fire()
        #expect(signal.isPending)
        await signal.wait() // returns at once
        #expect(!signal.isPending)
    }

    @Test func aCancelledWaiterReturns() async {
        let signal = WakeSignal()
        let waiter = Task { await signal.wait() }
        waiter.cancel()
        await waiter.value
        #expect(!signal.isPending)
    }

    @Test func theClockEndsAWaitWithADeadline() async {
        let signal = WakeSignal()
        let clock = ManualClock(TestHost.t0)
        let waiter = Task { await signal.wait(until: TestHost.t0.addingTimeInterval(60), on: clock) }
        clock.advance(by: 61)
        await waiter.value
    }

    @Test func aCommitThatEnqueuedWakesItsOwnHostOnly() async throws {
        let a = try await TestHost()
        let b = try await TestHost()
        try await a.host.store.write { db in
            try Outbox.enqueue(
                .webhook("test.event", data: .object([:]), at: TestHost.t0, timeZone: a.host.timeZone), practiceId: a.host.practiceId, in: db, now: TestHost.t0)
        }
        #expect(a.host.outboxSignal.isPending)
        #expect(!b.host.outboxSignal.isPending, "another host's worker was woken by this host's commit")
        await a.host.outboxSignal.wait()
        #expect(!a.host.outboxSignal.isPending)
    }

    @Test func aRolledBackEnqueueWakesNobody() async throws {
        let t = try await TestHost()
        struct Abort: Error {}
        _ = try? await t.host.store.write { db in
            try Outbox.enqueue(
                .webhook("test.event", data: .object([:]), at: TestHost.t0, timeZone: t.host.timeZone), practiceId: t.host.practiceId, in: db, now: TestHost.t0)
            throw Abort()
        }
        #expect(!t.host.outboxSignal.isPending)
        try await t.host.store.write { db in try db.run("DELETE FROM outbox") }
        #expect(!t.host.outboxSignal.isPending, "a commit without an insert into the outbox wakes nobody")
    }
}
