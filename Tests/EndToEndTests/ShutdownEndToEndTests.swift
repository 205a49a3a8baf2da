import Foundation
import JSONRPC
import PermanenceTesting
import Testing

/// Stopping the built executable with SIGTERM, as a service manager does: the stop finishes even when
/// a client has stopped reading its replies.
@Suite struct ShutdownEndToEndTests {
    /// A server with a client that asked for about 10 MB of replies and reads none of them: far more
    /// than the sockets between them hold; the test waits (up to 10 s) until replies sit unread in the
    /// client's socket, since a busy machine may read the requests well before it answers them. A large
    /// outbound limit keeps the client from being disconnected for being behind, so only the drain
    /// timeout can end it.
    static func serverWithADeafClient(drainSeconds: Int) throws -> (ServerProcess, LineClient) {
        let server = try ServerProcess.tcp(extraArgs: ["--drain-timeout", "\(drainSeconds)", "--max-outbound-bytes", "\(256 << 20)"])
        let deaf = try server.client(role: "integration")
        let discover = Array((#"{"jsonrpc":"2.0","id":2,"method":"rpc.discover"}"# + "\n").utf8)
        for _ in 0..<60 { try deaf.sendRaw(discover) }
        try server.waitUntilEverythingSentIsRead(seconds: 60)
        // Give a busy machine up to 10 s to start answering; go on regardless (as before this wait).
        try? server.waitUntilClientsHaveUnread(atLeast: 64 << 10, seconds: 10)
        return (server, deaf)
    }

    @Test func aClientThatStopsReadingDoesNotHoldTheStop() throws {
        let (server, deaf) = try Self.serverWithADeafClient(drainSeconds: 1)
        defer { server.stop() }

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
        let (server, deaf) = try Self.serverWithADeafClient(drainSeconds: 60)
        defer { server.stop() }

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
