import Foundation
import JSONRPC
import Testing

/// The built executable attacked with a seeded corpus of mutated real requests, over TCP and
/// stdio: every line is answered per the specification (or not at all, for notifications) within
/// 10 s (a bound that tells a line never answered from a slow machine; speed is `permanence bench`'s
/// to measure), never with -32603, and the session goes on afterwards.
@Suite(.serialized) struct HostileCorpusEndToEndTests {
    static let seed: UInt64 = 18
    /// Methods that end the session by design.
    static let excluded: Set<String> = ["shutdown", "exit"]
    static let replyDeadline = 10.0

    @Test func corpusOverTCP() throws {
        let server = try ServerProcess.tcp()
        defer { server.stop() }
        let token = try server.token(role: "admin", name: "attacker")
        let client = try LineClient(port: server.port, timeoutSeconds: 120)
        #expect(try client.call("initialize", ["token": .string(token)])["error"] == nil)
        try attack(client, share: 0, log: { server.log })
    }

    @Test func corpusOverStdio() throws {
        let server = try StdioServer(timeoutSeconds: 120)
        defer { server.stop() }
        try attack(server.client, share: 1, log: { server.log })
    }

    /// Sends the corpus one line at a time and checks each reply as it comes.
    func attack(_ client: LineClient, share: Int, log: () -> String) throws {
        let discover = try client.result("rpc.discover")
        var corpus = HostileCorpus(discover: discover, excluding: Self.excluded, seed: Self.seed)
        #expect(corpus.methods.count > 50, "rpc.discover lists \(corpus.methods.count) methods")
        let lines = corpus.lines(share: share, of: 2)
        let started = Date()
        var late = LateReplies()
        var slowest = (seconds: 0.0, label: "")
        var counts = (answered: 0, silent: 0)
        for (n, line) in lines.enumerated() {
            let expected = line.expected
            try client.sendRaw(line.bytes + [0x0A])
            let sent = Date()
            var wanted = expected
            if expected == .nothing {
                // Nothing may come back: the next reply must be the one to a ping sent after it.
                let sentinel = JSONValue.string("sentinel-\(n)")
                try client.send(JSONWriter.string(Request(method: "kernel.ping", id: sentinel).jsonValue))
                wanted = .single(sentinel)
                counts.silent += 1
            } else {
                counts.answered += 1
            }
            guard let reply = try nextReply(client, ignoring: &late, within: Self.replyDeadline) else {
                Issue.record("line \(n) (\(line.label), \(line.bytes.count) bytes): no reply within \(Self.replyDeadline) s")
                late.expect(wanted)
                continue
            }
            let elapsed = Date().timeIntervalSince(sent)
            if elapsed > slowest.seconds { slowest = (elapsed, line.label) }
            check(reply, wanted: wanted, expected: expected, line: n, label: line.label)
        }
        print(
            "hostile corpus (share \(share)): \(lines.count) lines, \(counts.answered) answered, \(counts.silent) notifications, "
                + "\(Int(Date().timeIntervalSince(started))) s, slowest \(String(format: "%.2f", slowest.seconds)) s (\(slowest.label))")
        // The session goes on (late replies still arriving are checked and skipped).
        try client.send(#"{"jsonrpc":"2.0","id":"after-the-corpus","method":"kernel.ping"}"#)
        let ping = try nextReply(client, ignoring: &late, within: 120)
        #expect(ping?["id"] == "after-the-corpus" && ping?["result"] == "pong", "after the corpus: \(ping.map { JSONWriter.string($0) } ?? "no reply")")
        #expect(Date().timeIntervalSince(started) < 600)
        #expect(!log().contains("Fatal error"))
    }

    /// The next response (server notifications skipped, late replies to earlier lines dropped).
    func nextReply(_ client: LineClient, ignoring late: inout LateReplies, within seconds: Double) throws -> JSONValue? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            guard let text = try client.readLine(within: max(0, deadline.timeIntervalSinceNow)) else { return nil }
            guard let reply = try? JSONParser.parse(text) else {
                Issue.record("a reply that is not JSON: \(text.prefix(300))")
                continue
            }
            if reply["method"] != nil && reply["id"] == nil { continue }
            if late.drop(reply) {
                // Too late, but still held to the rules.
                for r in reply.arrayValue ?? [reply] { checkResponse(r, where_: "a late reply") }
                continue
            }
            return reply
        }
    }

    func check(_ reply: JSONValue, wanted: HostileCorpus.Expected, expected: HostileCorpus.Expected, line n: Int, label: String) {
        let where_ = "line \(n) (\(label))"
        let text = String(JSONWriter.string(reply).prefix(400))
        switch wanted {
        case .nothing: break
        case .single(let id):
            if expected == .nothing, reply["id"] != id {
                Issue.record("\(where_): a notification was answered: \(text)")
                return
            }
            #expect(reply["id"] == id, "\(where_): reply \(text)")
            checkResponse(reply, where_: where_)
        case .batch(let ids):
            guard let replies = reply.arrayValue else {
                Issue.record("\(where_): a batch answered with \(text)")
                return
            }
            #expect(replies.count == ids.count, "\(where_): \(replies.count) replies to \(ids.count) requests: \(text)")
            #expect(Set(replies.compactMap { $0["id"] }) == Set(ids), "\(where_): \(text)")
            for r in replies { checkResponse(r, where_: where_) }
        }
    }

    func checkResponse(_ r: JSONValue, where_: String) {
        let text = String(JSONWriter.string(r).prefix(400))
        #expect(r["jsonrpc"] == "2.0", "\(where_): \(text)")
        #expect((r["result"] == nil) != (r["error"] == nil), "\(where_): neither or both result and error: \(text)")
        if let error = r["error"] {
            #expect(error["code"]?.intValue != nil && error["message"]?.stringValue != nil, "\(where_): \(text)")
            #expect(error["code"] != -32603, "\(where_): internal error: \(text)")
        }
    }
}

/// Replies that missed their deadline: dropped when they arrive later, so they are not taken for
/// the reply to another line.
struct LateReplies {
    private var ids: Set<JSONValue> = []
    private var anonymous = 0

    mutating func expect(_ expected: HostileCorpus.Expected) {
        switch expected {
        case .nothing: break
        case .single(.null): anonymous += 1
        case .single(let id): ids.insert(id)
        case .batch(let batch): ids.formUnion(batch)
        }
    }

    /// Whether `reply` is a late one (and forgets it).
    mutating func drop(_ reply: JSONValue) -> Bool {
        if let batch = reply.arrayValue, let first = batch.first?["id"], ids.contains(first) {
            for r in batch { if let id = r["id"] { ids.remove(id) } }
            return true
        }
        guard let id = reply["id"] else { return false }
        if id == .null {
            guard anonymous > 0 else { return false }
            anonymous -= 1
            return true
        }
        return ids.remove(id) != nil
    }
}
