package import Foundation
package import JSONRPC

/// One example of the JSON-RPC 2.0 specification (§7) and a few more of ours, from
/// `Tests/Fixtures/jsonrpc-spec-examples.json`: a request line and the expected reply.
package struct SpecificationExample: Sendable, CustomStringConvertible {
    package let name: String
    package let request: String
    /// `nil` when no reply at all may be sent.
    package let response: JSONValue?
    package var description: String { name }

    package static let fixturesDirectory: URL = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        url.deleteLastPathComponent()
        return url.appendingPathComponent("Fixtures")
    }()

    package static let all: [SpecificationExample] = {
        let data = try! Data(contentsOf: fixturesDirectory.appendingPathComponent("jsonrpc-spec-examples.json"))
        return try! JSONParser.parse(Array(data)).arrayValue!.map {
            SpecificationExample(
                name: $0["name"]!.stringValue!, request: $0["request"]!.stringValue!,
                response: $0["response"]!.isNull ? nil : $0["response"])
        }
    }()

    /// A reply reduced to what the specification fixes: ids, results, error codes and the field named,
    /// with batch replies sorted (they may come in any order).
    package static func normalize(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items):
            return .array(items.map(normalize).sorted { JSONWriter.string($0) < JSONWriter.string($1) })
        case .object(var o):
            if let e = o["error"] {
                var n: JSONObject = ["code": e["code"] ?? .null]
                if let f = e["data"]?["field"] { n["field"] = f }
                o["error"] = .object(n)
            }
            return .object(JSONObject(o.keys.sorted().map { ($0, o[$0]!) }))
        default:
            return value
        }
    }

    /// Whether `reply` (nil for no reply) is what this example expects.
    package func accepts(_ reply: JSONValue?) -> Bool {
        switch (response, reply) {
        case (nil, nil): return true
        case (let expected?, let actual?): return Self.normalize(expected) == Self.normalize(actual)
        default: return false
        }
    }
}
