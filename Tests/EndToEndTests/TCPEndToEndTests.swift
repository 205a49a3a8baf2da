import Foundation
import JSONRPC
import RPCTestSupport
import Testing

/// The built executable over TCP: authentication, the specification, pipelining, half-close, limits.
@Suite(.serialized) struct TCPEndToEndTests {
    @Test func specificationExamplesOverTCP() throws {
        let server = try ServerProcess.tcp(extraArgs: ["--conformance"])
        defer { server.stop() }
        let client = try server.client(role: "integration")
        for example in SpecificationExample.all {
            try client.send(example.request)
            if example.response == nil {
                // No reply may come: the next line must be the reply to a ping sent after it.
                try client.send(#"{"jsonrpc":"2.0","id":"sentinel","method":"kernel.ping"}"#)
                let next = try client.readJSON()
                #expect(next["id"] == "sentinel", "\(example.name): unexpected reply \(JSONWriter.string(next))")
            } else {
                let reply = try client.readJSON()
                #expect(example.accepts(reply), "\(example.name): got \(JSONWriter.string(reply))")
            }
        }
    }

    @Test func unauthenticatedAndUnderPrivilegedCallsAreRefused() throws {
        let server = try ServerProcess.tcp()
        defer { server.stop() }
        let anonymous = try server.connect()
        #expect(try anonymous.call("kernel.ping")["error"]?["code"] == -32001)
        #expect(try anonymous.call("initialize", ["token": "pmt_wrong"])["error"]?["code"] == -32001)
        #expect(try anonymous.call("kernel.status")["error"]?["code"] == -32001)
        let secretary = try server.client(role: "secretary")
        #expect(try secretary.call("kernel.ping")["result"] == "pong")
        #expect(try secretary.call("kernel.audit")["error"]?["code"] == -32002)
    }

    @Test func requestsSentRightAfterInitializeWaitForIt() throws {
        let server = try ServerProcess.tcp()
        defer { server.stop() }
        let token = try server.token(role: "secretary", name: "pipelined")
        let client = try server.connect()
        // Like `nc` with a file: the handshake and the first requests in one write, no waiting.
        try client.sendRaw(
            Array(
                ([
                    #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"token":"\#(token)"}}"#,
                    #"{"jsonrpc":"2.0","id":2,"method":"kernel.ping"}"#,
                    #"{"jsonrpc":"2.0","id":3,"method":"practice.info"}"#
                ].joined(separator: "\n") + "\n").utf8))
        var replies: [Int: JSONValue] = [:]
        for _ in 0..<3 {
            let v = try client.readJSON()
            replies[v["id"]!.intValue!] = v
        }
        #expect(replies[1]?["result"]?["role"] == "secretary")
        #expect(replies[2]?["result"] == "pong")
        #expect(replies[3]?["error"] == nil)
    }

    @Test func halfClosedClientGetsEveryReply() throws {
        let server = try ServerProcess.tcp(extraArgs: ["--conformance"])
        defer { server.stop() }
        let client = try server.client()
        var batch = ""
        for i in 1...100 { batch += #"{"jsonrpc":"2.0","id":\#(i),"method":"subtract","params":[\#(i),0]}"# + "\n" }
        try client.sendRaw(Array(batch.utf8))
        client.halfClose()
        var ids = Set<Int>()
        while let line = try client.readLine() {
            let v = try JSONParser.parse(line)
            #expect(v["result"] == v["id"])
            ids.insert(v["id"]!.intValue!)
        }
        #expect(ids == Set(1...100))
    }

    @Test func twoHundredConnectionsPipeliningAHundredRequestsEach() throws {
        let server = try ServerProcess.tcp()
        defer { server.stop() }
        let token = try server.token(role: "integration", name: "load")
        var clients: [LineClient] = []
        for _ in 0..<200 {
            let c = try server.connect()
            #expect(try c.call("initialize", ["token": .string(token)])["error"] == nil)
            clients.append(c)
        }
        for (n, c) in clients.enumerated() {
            var text = ""
            for i in 0..<100 { text += #"{"jsonrpc":"2.0","id":\#(n * 1000 + i),"method":"kernel.ping"}"# + "\n" }
            try c.sendRaw(Array(text.utf8))
        }
        var answered = 0
        for (n, c) in clients.enumerated() {
            var ids = Set<Int>()
            for _ in 0..<100 {
                let v = try c.readJSON()
                if v["result"] == "pong", let id = v["id"]?.intValue { ids.insert(id) }
            }
            #expect(ids == Set((n * 1000)..<(n * 1000 + 100)))
            answered += ids.count
        }
        #expect(answered == 20_000)
    }

    @Test func overLongLineGetsInvalidRequestAndTheConnectionGoesOn() throws {
        let server = try ServerProcess.tcp(extraArgs: ["--max-line-bytes", "4096"])
        defer { server.stop() }
        let client = try server.client()
        try client.send(#"{"jsonrpc":"2.0","id":1,"method":"kernel.ping","params":{"x":""# + String(repeating: "a", count: 100_000) + #""}}"#)
        let error = try client.readJSON()
        #expect(error["error"]?["code"] == -32600)
        #expect(error["id"] == .null)
        #expect(try client.call("kernel.ping")["result"] == "pong")
    }

    @Test func clientThatStopsReadingIsDisconnected() throws {
        let server = try ServerProcess.tcp(extraArgs: ["--max-outbound-bytes", "262144"])
        defer { server.stop() }
        let client = try server.client()
        // rpc.discover replies are large: ask for many without reading until the server gives up on us.
        let line = Array((#"{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}"# + "\n").utf8)
        var disconnected = false
        var sent = 0
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
            // The server must have closed: reading ends at end of stream, not with a timeout (a throw).
            do {
                while try client.readLine() != nil {}
                disconnected = true
            } catch {
                disconnected = false
            }
        }
        print("client that stops reading: disconnected after \(sent) requests")
        #expect(disconnected)
        // The server itself is fine.
        let other = try server.client()
        #expect(try other.call("kernel.ping")["result"] == "pong")
    }

    @Test func eventsArePushedToSubscribers() throws {
        let server = try ServerProcess.tcp(clock: "2026-03-27T10:00:00+01:00")
        defer { server.stop() }
        let client = try server.client()
        #expect(try client.result("events.subscribe", ["topics": ["kernel.*"]])["topics"] == ["kernel.*"])
        let status = try client.result("kernel.status")
        #expect(status["now"] == "2026-03-27T10:00:00+01:00")
        let moved = try client.result("kernel.clock.set", ["at": "2026-03-29T03:30:00+02:00"])
        #expect(moved["now"] == "2026-03-29T03:30:00+02:00")
    }

    @Test func sigtermFinishesAndExitsCleanly() throws {
        let server = try ServerProcess.tcp()
        let client = try server.client()
        #expect(try client.call("kernel.ping")["result"] == "pong")
        server.stop()
        #expect(server.process.terminationStatus == 0)
        #expect(server.log.contains("shutting down"))
    }
}
