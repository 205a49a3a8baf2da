import Foundation
import JSONRPC
import Testing

/// The built executable under clients that hold memory without doing anything useful: many that
/// never authenticate and each send most of a large line, and one that never reads its replies.
/// The server's memory growth stays bounded and a normal client is still answered.
@Suite(.serialized) struct HostileLoadEndToEndTests {
    static let idleConnections = 100
    /// Bytes of the unfinished line each unauthenticated connection sends (under the 1 MiB limit).
    static let partialLine = 1_000_000
    /// Allowed growth of the server's resident memory: the never-reading client's outbound limit
    /// (`--max-outbound-bytes`, 8 MiB) and slack, far below the 100 MB the idle connections send.
    static let allowedGrowth = 32 << 20

    @Test func idleUnauthenticatedAndNeverReadingClientsDoNotPinMemory() throws {
        let server = try ServerProcess.tcp()
        defer { server.stop() }
        let normal = try server.client(role: "secretary")
        #expect(try normal.call("kernel.ping")["result"] == "pong")
        let before = try residentBytes(of: server.process.processIdentifier)

        // Never authenticates; sends a large unfinished line, then nothing.
        let line = Array(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"token":""#.utf8) + [UInt8](repeating: 0x61, count: Self.partialLine)
        var idle: [LineClient] = []
        var refused = 0
        for _ in 0..<Self.idleConnections {
            do {
                let c = try LineClient(port: server.port, timeoutSeconds: 10)
                idle.append(c)
                try c.sendRaw(line)
            } catch {
                refused += 1 // a server that closes or refuses such a connection is doing its job
            }
        }
        // Never reads: asks for large replies until the server stops taking requests or gives up on it.
        let deaf = try server.client(role: "integration")
        let discover = Array((#"{"jsonrpc":"2.0","id":2,"method":"rpc.discover"}"# + "\n").utf8)
        var deafSent = 0
        for _ in 0..<2_000 {
            do {
                try deaf.sendRaw(discover)
                deafSent += 1
            } catch { break }
        }
        try server.waitUntilEverythingSentIsRead(seconds: 60)

        // A normal client is still answered: each line within the hostile corpus's bound.
        let bound = HostileCorpusEndToEndTests.replyDeadline
        var started = Date()
        #expect(try normal.call("kernel.ping")["result"] == "pong")
        #expect(Date().timeIntervalSince(started) < bound, "kernel.ping took \(Date().timeIntervalSince(started)) s")
        started = Date()
        #expect(try normal.call("practice.info")["error"] == nil)
        #expect(Date().timeIntervalSince(started) < bound, "practice.info took \(Date().timeIntervalSince(started)) s")

        let after = try residentBytes(of: server.process.processIdentifier)
        let growth = after - before
        print(
            "hostile load: \(idle.count) idle connections (\(refused) refused), never-reading client sent \(deafSent) requests; "
                + "resident memory \(before >> 20) MiB → \(after >> 20) MiB")
        #expect(growth < Self.allowedGrowth, "the server grew by \(growth >> 20) MiB (limit \(Self.allowedGrowth >> 20) MiB)")
        withExtendedLifetime(idle) {}
        withExtendedLifetime(deaf) {}
    }

    /// VmRSS of a process, in bytes.
    func residentBytes(of pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kB = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { throw HarnessError("no VmRSS in /proc/\(pid)/status") }
        return kB * 1024
    }
}
