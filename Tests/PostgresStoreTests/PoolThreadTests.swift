import Testing

@testable import PostgresStore

/// A session blocks only a thread its database marked: anywhere else (the task pool, an event loop)
/// it stops the process rather than starve the pool or wait for itself.
@Suite struct PoolThreadTests {
    @Test func aMarkedThreadPassesTheCheck() {
        let thread = PoolThread()
        thread.enter { thread.check() }
    }

    @Test func anUnmarkedThreadStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            PoolThread().check()
        }
    }

    @Test func anotherDatabasesThreadStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            PoolThread().enter { PoolThread().check() }
        }
    }
}
