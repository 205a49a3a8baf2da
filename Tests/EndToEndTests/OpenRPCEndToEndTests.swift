import Foundation
import JSONRPC
import PermanenceTesting
import Testing

/// `rpc.discover` is a valid OpenRPC document, checked by an implementation that is not ours, and the
/// protocol reference in Docs/ lists exactly the methods it describes.
@Suite struct OpenRPCEndToEndTests {
    func discover() throws -> JSONValue {
        let dir = try Executable.temporaryDirectory()
        // With a manual clock: `kernel.clock.set`, served only then, is listed and checked too.
        let out = try Executable.run([
            "rpc", "rpc.discover", "--db", dir.appendingPathComponent("db.sqlite").path,
            "--clock", "2026-01-01T00:00:00Z"
        ])
        #expect(out.status == 0, "\(out.stderr)")
        return try JSONParser.parse(out.stdout)
    }

    /// Runs `scripts/check_openrpc.py` on a document: its exit status and what it printed.
    func check(_ doc: JSONValue) throws -> (status: Int32, output: String) {
        let dir = try Executable.temporaryDirectory()
        let path = dir.appendingPathComponent("openrpc.json")
        try JSONWriter.string(doc).write(to: path, atomically: true, encoding: .utf8)
        let script = Executable.packageRoot.appendingPathComponent("scripts/check_openrpc.py").path
        let out = try ChildProcess.run("python3", [script, path.path])
        return (out.status, out.stdout + out.stderr)
    }

    @Test func validatesAgainstOpenRPCAndJSONSchema() throws {
        let result = try check(try discover())
        #expect(result.status == 0, "\(result.output)")
    }

    /// The checker is not a rubber stamp: each of these breaks of the specification is refused.
    @Test(arguments: [
        "method without result", "unknown method field", "empty param name", "invalid param schema",
        "version 2.0", "info without title"
    ])
    func brokenDocumentsAreRefused(_ breakage: String) throws {
        guard case .object(var doc) = try discover(), case .array(var methods)? = doc["methods"],
            case .object(var method) = methods[0], case .object(var info)? = doc["info"]
        else {
            Issue.record("rpc.discover is not an object with methods")
            return
        }
        switch breakage {
        case "method without result": method["result"] = nil
        case "unknown method field": method["returns"] = .object(JSONObject())
        case "empty param name": method["params"] = [["name": "", "schema": .object(JSONObject())]]
        case "invalid param schema": method["params"] = [["name": "x", "schema": ["type": "nonsense"]]]
        case "version 2.0": doc["openrpc"] = "2.0"
        default: info["title"] = nil
        }
        methods[0] = .object(method)
        doc["methods"] = .array(methods)
        doc["info"] = .object(info)
        let result = try check(.object(doc))
        #expect(result.status != 0, "\(breakage) was accepted: \(result.output)")
    }

    @Test func protocolReferenceMatchesDiscover() throws {
        let doc = try discover()
        let names = Set(doc["methods"]!.arrayValue!.compactMap { $0["name"]?.stringValue })
        let reference = try String(contentsOf: Executable.packageRoot.appendingPathComponent("Docs/protocol.md"), encoding: .utf8)
        // Every method heading in the reference: "### `name`".
        let documented = Set(
            reference.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("### `"), let end = line.dropFirst(5).firstIndex(of: "`") else { return nil }
                return String(line.dropFirst(5)[..<end])
            })
        #expect(names.subtracting(documented).sorted() == [], "methods missing from Docs/protocol.md (run scripts/gen-protocol-doc)")
        #expect(documented.subtracting(names).sorted() == [], "methods in Docs/protocol.md that rpc.discover does not list")
    }
}
