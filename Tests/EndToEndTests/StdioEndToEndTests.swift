import Foundation
import JSONRPC
import RPCTestSupport
import Testing

/// The built executable over stdio: files, pipes and /dev/null, as scripts use it.
@Suite struct StdioEndToEndTests {
    @Test(arguments: SpecificationExample.all)
    func specificationExample(_ example: SpecificationExample) throws {
        let dir = try Executable.temporaryDirectory()
        let input = dir.appendingPathComponent("in.jsonl")
        try (example.request + "\n").write(to: input, atomically: true, encoding: .utf8)
        let out = try Executable.run(["serve", "--stdio", "--conformance", "--db", dir.appendingPathComponent("db.sqlite").path], stdinFile: input)
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n")
        #expect(lines.count <= 1)
        let reply = try lines.first.map { try JSONParser.parse(String($0)) }
        #expect(example.accepts(reply), "got \(out.stdout)")
    }

    @Test func thousandRequestsFromAFileGiveThousandReplies() throws {
        let dir = try Executable.temporaryDirectory()
        let input = dir.appendingPathComponent("in.jsonl")
        let output = dir.appendingPathComponent("out.jsonl")
        var text = ""
        for i in 1...1000 {
            text +=
                i % 2 == 0 ? #"{"jsonrpc":"2.0","id":\#(i),"method":"kernel.ping"}"# : #"{"jsonrpc":"2.0","id":\#(i),"method":"subtract","params":[\#(i),1]}"#
            text += i % 10 == 0 ? "\r\n" : "\n"
        }
        try text.write(to: input, atomically: true, encoding: .utf8)
        let out = try Executable.run(
            ["serve", "--stdio", "--conformance", "--db", dir.appendingPathComponent("db.sqlite").path],
            stdinFile: input, stdoutFile: output)
        #expect(out.status == 0, "\(out.stderr)")
        let replies = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(replies.count == 1000)
        let ids = Set(replies.compactMap { $0["id"]?.intValue })
        #expect(ids == Set(1...1000))
        for r in replies {
            let id = r["id"]!.intValue!
            #expect(r["result"] == (id % 2 == 0 ? "pong" : .int(id - 1)))
        }
    }

    @Test func stdoutToDevNullDoesNotCrash() throws {
        let dir = try Executable.temporaryDirectory()
        let input = dir.appendingPathComponent("in.jsonl")
        try String(repeating: #"{"jsonrpc":"2.0","id":1,"method":"kernel.ping"}"# + "\n", count: 200).write(to: input, atomically: true, encoding: .utf8)
        let out = try Executable.run(
            ["serve", "--stdio", "--db", dir.appendingPathComponent("db.sqlite").path],
            stdinFile: input, stdoutFile: URL(fileURLWithPath: "/dev/null"))
        #expect(out.status == 0, "\(out.stderr)")
        // The harness wrote to the device, and left it one.
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial)
    }

    @Test func overLongLineThenTheSessionGoesOn() throws {
        let dir = try Executable.temporaryDirectory()
        let input = dir.appendingPathComponent("in.jsonl")
        let long = #"{"jsonrpc":"2.0","id":1,"method":"kernel.ping","params":{"pad":""# + String(repeating: "x", count: 5000) + #""}}"#
        try (long + "\n" + #"{"jsonrpc":"2.0","id":2,"method":"kernel.ping"}"# + "\n").write(to: input, atomically: true, encoding: .utf8)
        let out = try Executable.run(["serve", "--stdio", "--max-line-bytes", "1024", "--db", dir.appendingPathComponent("db.sqlite").path], stdinFile: input)
        let replies = try out.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(replies.count == 2)
        #expect(replies.contains { $0["error"]?["code"] == -32600 && $0["id"] == .null })
        #expect(replies.contains { $0["id"] == 2 && $0["result"] == "pong" })
    }

    @Test func stdioRoleIsEnforced() throws {
        let dir = try Executable.temporaryDirectory()
        let input = dir.appendingPathComponent("in.jsonl")
        try (#"{"jsonrpc":"2.0","id":1,"method":"kernel.audit"}"# + "\n").write(to: input, atomically: true, encoding: .utf8)
        let out = try Executable.run(["serve", "--stdio", "--role", "secretary", "--db", dir.appendingPathComponent("db.sqlite").path], stdinFile: input)
        let reply = try JSONParser.parse(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(reply["error"]?["code"] == -32002)
    }

    @Test func oneShotRPCPrintsTheResultOrFails() throws {
        let dir = try Executable.temporaryDirectory()
        let db = dir.appendingPathComponent("db.sqlite").path
        let ok = try Executable.run(["rpc", "subtract", "[42, 23]", "--conformance", "--db", db])
        #expect(ok.status == 0)
        #expect(ok.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "19")
        let bad = try Executable.run(["rpc", "subtract", #"{"minuend": 1}"#, "--conformance", "--db", db])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("subtrahend"))
    }

    @Test func exitEndsTheSessionAfterPendingReplies() throws {
        let dir = try Executable.temporaryDirectory()
        let input = dir.appendingPathComponent("in.jsonl")
        try
            ([
                #"{"jsonrpc":"2.0","id":1,"method":"kernel.ping"}"#, #"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#,
                #"{"jsonrpc":"2.0","method":"exit"}"#
            ].joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let out = try Executable.run(["serve", "--stdio", "--db", dir.appendingPathComponent("db.sqlite").path], stdinFile: input)
        #expect(out.status == 0)
        let ids = try Set(out.stdout.split(separator: "\n").map { try JSONParser.parse(String($0))["id"]!.intValue! })
        #expect(ids == [1, 2])
    }
}
