import Foundation
import JSONRPC
import PermanenceTesting
import Testing

/// Stopping the built executable with SIGTERM, as a service manager does: the stop finishes even when
/// a client has stopped reading its replies.
@Suite struct ShutdownEndToEndTests {
    @Test func aClientThatStopsReadingDoesNotHoldTheStop() throws {
        // A large outbound limit: the client is not disconnected for being behind, so only the drain timeout can end it.
        let server = try ServerProcess.tcp(extraArgs: ["--drain-timeout", "1", "--max-outbound-bytes", "\(256 << 20)"])
        defer { server.stop() }
        let deaf = try server.client(role: "integration")
        // About 10 MB of replies it never reads: far more than the sockets between us hold.
        let discover = Array((#"{"jsonrpc":"2.0","id":2,"method":"rpc.discover"}"# + "\n").utf8)
        for _ in 0..<60 { try deaf.sendRaw(discover) }
        try HostileLoadEndToEndTests().waitUntilServerHasRead(port: server.port, seconds: 60)

        let asked = Date()
        server.process.terminate()
        let exited = server.process.waitUntilExit(within: 20)
        #expect(exited, "the server was still running 20 s after SIGTERM")
        #expect(server.process.terminationStatus == 0, "stderr: \(server.log)")
        #expect(Date().timeIntervalSince(asked) >= 1, "the client was cut before its drain time")
        #expect(server.log.contains("shutting down"))
        withExtendedLifetime(deaf) {}
    }

    @Test func aSecondSignalEndsAStopThatIsStillDraining() throws {
        let server = try ServerProcess.tcp(extraArgs: ["--drain-timeout", "60", "--max-outbound-bytes", "\(256 << 20)"])
        defer { server.stop() }
        let deaf = try server.client(role: "integration")
        let discover = Array((#"{"jsonrpc":"2.0","id":2,"method":"rpc.discover"}"# + "\n").utf8)
        for _ in 0..<60 { try deaf.sendRaw(discover) }
        try HostileLoadEndToEndTests().waitUntilServerHasRead(port: server.port, seconds: 60)

        server.process.terminate()
        _ = try server.waitForLog(containing: "shutting down")
        #expect(server.process.isRunning, "the drain should still be waiting on the client that does not read")
        server.process.terminate()
        #expect(server.process.waitUntilExit(within: 20), "a second SIGTERM did not end the process")
        #expect(server.process.terminationStatus == 1)
        #expect(server.log.contains("a second signal"))
        withExtendedLifetime(deaf) {}
    }
}
