import Foundation
import JSONRPC
import Testing

/// The built executable over TCP: output limits that spare reading clients, the authentication
/// deadline, the pre-authentication line limit, the connection limit, idle timeouts and
/// failed-authentication throttling. Deadlines are made short with options; tests wait for the
/// server to act (reads end when it closes), never for a fixed time.
@Suite(.serialized) struct ConnectionHygieneEndToEndTests {
    /// Reads until the server closes the connection; the lines it sent meanwhile.
    func linesUntilClosed(_ client: LineClient) throws -> [JSONValue] {
        var lines: [JSONValue] = []
        while let line = try client.readLine() { lines.append(try JSONParser.parse(line)) }
        return lines
    }

    @Test func aReadingClientGetsAReplyLargerThanTheOutboundLimit() throws {
        let server = try ServerProcess.tcp(extraArgs: ["--max-outbound-bytes", "4096"])
        defer { server.stop() }
        let client = try server.client()
        for _ in 0..<3 {
            let reply = try client.call("rpc.discover")
            #expect(reply["result"]?["methods"] != nil)
            #expect(JSONWriter.string(reply).utf8.count > 4096 * 10)
        }
        #expect(try client.call("kernel.ping")["result"] == "pong")
    }

    @Test func aClientThatNeverReadsIsDisconnectedAndServerMemoryStaysBounded() throws {
        let server = try ServerProcess.tcp(extraArgs: ["--max-outbound-bytes", "262144"])
        defer { server.stop() }
        let warmUp = try server.client()
        _ = try warmUp.call("rpc.discover")
        let before = try residentBytes(of: server)
        let client = try server.client()
        let line = Array((#"{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}"# + "\n").utf8)
        var sent = 0
        var disconnected = false
        for _ in 0..<20_000 {
            do {
                try client.sendRaw(line)
                sent += 1
            } catch {
                disconnected = true
                break
            }
        }
        if !disconnected {
            do {
                while try client.readLine() != nil {}
                disconnected = true
            } catch {}
        }
        #expect(disconnected, "still connected after \(sent) unread rpc.discover")
        let growth = try residentBytes(of: server) - before
        #expect(growth < 64 << 20, "server grew by \(growth) bytes")
        #expect(try warmUp.call("kernel.ping")["result"] == "pong")
    }

    func residentBytes(of server: ServerProcess) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(server.process.processIdentifier)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kb = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { throw HarnessError("no VmRSS") }
        return kb * 1024
    }

    @Test func aConnectionThatDoesNotAuthenticateInTimeIsClosed() throws {
        let server = try ServerProcess.tcp(extraArgs: ["--auth-timeout", "0.2"])
        defer { server.stop() }
        // Authenticated before the other connection opens: its own deadline passes first, harmlessly.
        let token = try server.token(role: "admin", name: "in-time")
        let authenticated = try server.connect()
        #expect(try authenticated.call("initialize", ["token": .string(token)])["error"] == nil)
        let silent = try server.connect()
        let lines = try linesUntilClosed(silent)
        #expect(lines.count == 1)
        #expect(lines.first?["error"]?["code"] == -32001)
        #expect(try authenticated.call("kernel.ping")["result"] == "pong")
    }

    @Test func unauthenticatedConnectionsWithHugePartialLinesHoldLittleMemory() throws {
        let server = try ServerProcess.tcp()
        defer { server.stop() }
        let before = try residentBytes(of: server)
        // 200 connections, each sending 1 MB without a newline and never authenticating.
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        var clients: [LineClient] = []
        for _ in 0..<200 {
            let c = try server.connect()
            try c.sendRaw(chunk)
            clients.append(c)
        }
        // Every byte was read by the server: a ping on a fresh connection is answered after them.
        let probe = try server.client()
        #expect(try probe.call("kernel.ping")["result"] == "pong")
        let growth = try residentBytes(of: server) - before
        #expect(growth < 48 << 20, "server grew by \(growth) bytes for 200 MB of unauthenticated partial lines")
        // Their line, once ended, is refused as too long for a connection that has not authenticated.
        try clients[0].send("")
        #expect(try clients[0].readJSON()["error"]?["data"]?["reason"] == "line longer than 16384 bytes")
    }

    @Test func linesBeforeAuthenticationAreSmall() throws {
        let server = try ServerProcess.tcp(extraArgs: ["--max-preauth-line-bytes", "1024"])
        defer { server.stop() }
        let client = try server.connect()
        let long = #"{"jsonrpc":"2.0","id":7,"method":"kernel.ping","params":{"x":""# + String(repeating: "a", count: 2000) + #""}}"#
        try client.send(long)
        let refused = try client.readJSON()
        #expect(refused["error"]?["code"] == -32600)
        #expect(refused["error"]?["data"]?["reason"] == "line longer than 1024 bytes")
        let token = try server.token(role: "admin", name: "preauth")
        #expect(try client.call("initialize", ["token": .string(token)])["error"] == nil)
        // Authenticated: the normal limit applies (the line is read and answered by the method).
        try client.send(long)
        let answered = try client.readJSON()
        #expect(answered["id"] == 7)
    }

    @Test func connectionsPastTheLimitAreRefusedPolitely() throws {
        let server = try ServerProcess.tcp(extraArgs: ["--max-connections", "2"])
        defer { server.stop() }
        let first = try server.client()
        let second = try server.connect()
        #expect(try second.call("kernel.ping")["error"]?["code"] == -32001)
        let third = try server.connect()
        let lines = try linesUntilClosed(third)
        #expect(lines.count == 1)
        #expect(lines.first?["error"]?["code"] == -32029)
        #expect(try first.call("kernel.ping")["result"] == "pong")
        let token = try server.token(role: "secretary", name: "second")
        #expect(try second.call("initialize", ["token": .string(token)])["result"]?["role"] == "secretary")
    }

    @Test func anIdleSessionIsClosedWithANotice() throws {
        let server = try ServerProcess.tcp(extraArgs: ["--idle-timeout", "0.3"])
        defer { server.stop() }
        let client = try server.client()
        #expect(try client.call("kernel.ping")["result"] == "pong")
        let lines = try linesUntilClosed(client)
        #expect(lines.count == 1)
        #expect(lines.first?["error"]?["code"] == -32000)
    }

    @Test func failedAuthenticationsAreThrottledPerPeerAddress() throws {
        let server = try ServerProcess.tcp(extraArgs: ["--max-auth-failures", "2"])
        defer { server.stop() }
        let token = try server.token(role: "admin", name: "valid")
        let guesser = try server.connect()
        #expect(try guesser.call("initialize", ["token": "pmt_guess1"])["error"]?["code"] == -32001)
        #expect(try guesser.call("initialize", ["token": "pmt_guess2"])["error"]?["code"] == -32001)
        // Now even the right token is refused without being checked, on this connection and on a new one.
        let throttled = try guesser.call("initialize", ["token": .string(token)])
        #expect(throttled["error"]?["code"] == -32029)
        #expect(throttled["error"]?["data"]?["retryAfterSeconds"] != nil)
        let other = try server.connect()
        #expect(try other.call("initialize", ["token": .string(token)])["error"]?["code"] == -32029)
        // A batch of guesses is throttled as a whole.
        try other.send(
            #"[{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"token":"a"}},{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"token":"b"}}]"#)
        #expect(try other.readJSON()["error"]?["code"] == -32029)
        // Other calls are not throttled: they are refused as unauthenticated.
        #expect(try other.call("kernel.ping")["error"]?["code"] == -32001)
    }

    @Test func aBatchOfGuessesCountsEveryGuess() throws {
        let server = try ServerProcess.tcp(extraArgs: ["--max-auth-failures", "3"])
        defer { server.stop() }
        let token = try server.token(role: "admin", name: "valid")
        let guesser = try server.connect()
        try guesser.send(
            #"[{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"token":"a"}},{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"token":"b"}},{"jsonrpc":"2.0","id":3,"method":"initialize","params":{"token":"c"}}]"#
        )
        guard case .array(let replies) = try guesser.readJSON() else {
            Issue.record("not a batch reply")
            return
        }
        #expect(replies.allSatisfy { $0["error"]?["code"] == -32001 })
        #expect(try guesser.call("initialize", ["token": .string(token)])["error"]?["code"] == -32029)
    }
}
