import Foundation
import JSONRPC
import Testing

/// Every method `rpc.discover` lists, called with every role below the one it declares, over TCP
/// (a token of that role) and stdio (`--role`): each call is refused with -32002 naming both roles.
@Suite(.serialized) struct RoleMatrixEndToEndTests {
    static let roles = ["integration", "secretary", "practitioner", "staff", "admin"]

    /// (method, declared role) for every method, from `rpc.discover`.
    static func declaredRoles(_ discover: JSONValue) -> [(method: String, role: String)] {
        (discover["methods"]?.arrayValue ?? []).compactMap { m in
            guard let name = m["name"]?.stringValue, let role = m["x-role"]?.stringValue else { return nil }
            return (name, role)
        }
    }

    /// The methods each role may not call.
    static func refusals(_ discover: JSONValue) -> [String: [(method: String, role: String)]] {
        var out: [String: [(method: String, role: String)]] = [:]
        for (method, role) in declaredRoles(discover) {
            guard let rank = roles.firstIndex(of: role) else { continue }
            for lower in roles[..<rank] { out[lower, default: []].append((method, role)) }
        }
        return out
    }

    @Test func everyMethodRefusesEveryLowerRoleOverTCP() throws {
        let server = try ServerProcess.tcp()
        defer { server.stop() }
        let discover = try server.client(role: "admin").result("rpc.discover")
        let declared = Self.declaredRoles(discover)
        #expect(declared.count > 50)
        #expect(declared.allSatisfy { Self.roles.contains($0.role) }, "unknown roles: \(declared.filter { !Self.roles.contains($0.role) })")
        var checked = 0
        for (role, methods) in Self.refusals(discover).sorted(by: { $0.key < $1.key }) {
            let client = try server.client(role: role)
            for (method, required) in methods {
                let reply = try client.call(method, ["zz": 1])
                #expect(reply["error"]?["code"] == -32002, "\(method) with \(role): \(JSONWriter.string(reply).prefix(300))")
                #expect(reply["error"]?["data"]?["required"] == .string(required), "\(method) with \(role)")
                checked += 1
            }
            #expect(try client.call("kernel.ping")["result"] == "pong")
        }
        print("role matrix over TCP: \(checked) refusals checked")
        #expect(checked > 50)
    }

    @Test func everyMethodRefusesEveryLowerRoleOverStdio() throws {
        let dir = try Executable.temporaryDirectory()
        let db = dir.appendingPathComponent("db.sqlite").path
        let discoverOut = try Executable.run(["rpc", "rpc.discover", "--db", db])
        #expect(discoverOut.status == 0, "\(discoverOut.stderr)")
        let discover = try JSONParser.parse(discoverOut.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        var checked = 0
        for (role, methods) in Self.refusals(discover).sorted(by: { $0.key < $1.key }) {
            let input = dir.appendingPathComponent("\(role).jsonl")
            var text = ""
            for (i, m) in methods.enumerated() {
                text += JSONWriter.string(Request(method: m.method, params: ["zz": 1], id: .int(i)).jsonValue) + "\n"
            }
            try text.write(to: input, atomically: true, encoding: .utf8)
            let out = try Executable.run(["serve", "--stdio", "--role", role, "--db", db], stdinFile: input)
            #expect(out.status == 0, "\(role): \(out.stderr.prefix(500))")
            var replies: [Int: JSONValue] = [:]
            for line in out.stdout.split(separator: "\n") {
                let reply = try JSONParser.parse(String(line))
                if let id = reply["id"]?.intValue { replies[id] = reply }
            }
            for (i, m) in methods.enumerated() {
                let reply = replies[i]
                #expect(reply?["error"]?["code"] == -32002, "\(m.method) with --role \(role): \(reply.map { JSONWriter.string($0) } ?? "no reply")")
                checked += 1
            }
        }
        print("role matrix over stdio: \(checked) refusals checked")
        #expect(checked > 50)
    }
}
