import Foundation
import JSONRPC
import Testing

/// `rpc.discover` is a valid OpenRPC document, checked by an implementation that is not ours, and the
/// protocol reference in Docs/ lists exactly the methods it describes.
@Suite struct OpenRPCEndToEndTests {
    func discover() throws -> JSONValue {
        let dir = try Executable.temporaryDirectory()
        let out = try Executable.run(["rpc", "rpc.discover", "--db", dir.appendingPathComponent("db.sqlite").path])
        #expect(out.status == 0, "\(out.stderr)")
        return try JSONParser.parse(out.stdout)
    }

    @Test func validatesAgainstOpenRPCAndJSONSchema() throws {
        let doc = try discover()
        let dir = try Executable.temporaryDirectory()
        let path = dir.appendingPathComponent("openrpc.json")
        try JSONWriter.string(doc).write(to: path, atomically: true, encoding: .utf8)
        let script = Executable.packageRoot.appendingPathComponent("scripts/check_openrpc.py").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script, path.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(output)")
    }

    @Test func protocolReferenceMatchesDiscover() throws {
        let doc = try discover()
        let names = Set(doc["methods"]!.arrayValue!.compactMap { $0["name"]?.stringValue })
        let reference = try String(contentsOf: Executable.packageRoot.appendingPathComponent("Docs/protocol.md"), encoding: .utf8)
        // Every method heading in the reference: "### `name`".
        let documented = Set(reference.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("### `"), let end = line.dropFirst(5).firstIndex(of: "`") else { return nil }
            return String(line.dropFirst(5)[..<end])
        })
        #expect(names.subtracting(documented).sorted() == [], "methods missing from Docs/protocol.md (run scripts/gen-protocol-doc)")
        #expect(documented.subtracting(names).sorted() == [], "methods in Docs/protocol.md that rpc.discover does not list")
    }
}
