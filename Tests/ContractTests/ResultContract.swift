import Foundation
import JSONRPC
import PermanenceTesting

/// Validates real results against their methods' result schemas with Python's `jsonschema`
/// (draft 7, formats checked): an implementation that is not ours reads the schemas as a client would.
enum ResultContract {
    struct Case {
        let method: String
        let schema: JSONValue
        let result: JSONValue
    }

    /// One line per result that its schema does not describe (method, where, what); empty when all do.
    static func violations(_ cases: [Case]) throws -> [String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cases.json")
        let document = JSONValue.array(cases.map { ["method": .string($0.method), "schema": $0.schema, "result": $0.result] })
        try JSONWriter.string(document).write(to: path, atomically: true, encoding: .utf8)
        let out = try ChildProcess.run("python3", ["-c", script, path.path], seconds: 120)
        guard out.status == 0 else {
            return ["jsonschema check failed to run (\(out.status)): \(out.stderr.split(separator: "\n").suffix(3).joined(separator: "\n"))"]
        }
        return out.stdout.split(separator: "\n").map(String.init)
    }

    /// Prints `method: path: message` for each violation; a schema that is not valid draft 7 is one too.
    static let script = """
        import json, sys
        from jsonschema import Draft7Validator
        cases = json.load(open(sys.argv[1]))
        for case in cases:
            try:
                Draft7Validator.check_schema(case["schema"])
            except Exception as e:
                print(f"{case['method']}: invalid schema: {e.message}")
                continue
            validator = Draft7Validator(case["schema"], format_checker=Draft7Validator.FORMAT_CHECKER)
            for error in sorted(validator.iter_errors(case["result"]), key=lambda e: list(e.absolute_path)):
                where = "/".join(str(p) for p in error.absolute_path) or "(result)"
                print(f"{case['method']}: {where}: {error.message[:300]}")
        """
}
