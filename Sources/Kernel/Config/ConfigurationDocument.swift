import Foundation
import JSONRPC
import Yams

/// The practice's YAML configuration, parsed once, with the line of every value.
///
/// Each module decodes its own section (`practice`, `practitioners`, `faq`…) with `decode(_:at:)`;
/// every problem becomes a `ConfigurationIssue` naming the path (`practitioners[2].schedule.tuesday[0]`)
/// and the line, so `permanence config check` can report them all at once.
public struct ConfigurationDocument: Sendable {
    /// The whole document as JSON values (YAML core-schema scalars resolved; quoted scalars stay strings).
    public let root: JSONValue
    public let source: String
    private let lines: [String: Int]

    public init(yaml: String, source: String = "configuration") throws(ConfigurationError) {
        self.source = source
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            var line: Int? = nil
            if let e = error as? YamlError, case let .parser(_, _, mark, _) = e { line = mark.line }
            if let e = error as? YamlError, case let .scanner(_, _, mark, _) = e { line = mark.line }
            throw ConfigurationError([ConfigurationIssue(path: "", line: line, message: "not valid YAML: \(error)")], source: source)
        }
        var lines: [String: Int] = [:]
        var unset: [(String, String)] = []
        root = node.map { Self.convert($0, path: "", lines: &lines, unset: &unset) } ?? .object(JSONObject())
        self.lines = lines
        if !unset.isEmpty {
            let l = lines
            throw ConfigurationError(unset.map { path, name in
                ConfigurationIssue(path: path, line: l[path], message: "environment variable \(name) is not set")
            }, source: source)
        }
        guard case .object = root else {
            throw ConfigurationError([ConfigurationIssue(path: "", line: 1, message: "the configuration must be a mapping of sections")], source: source)
        }
    }

    public init(contentsOf path: String) throws(ConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError([ConfigurationIssue(path: "", line: nil, message: "cannot read \(path)")], source: path)
        }
        try self.init(yaml: text, source: path)
    }

    /// Replaces `${NAME}` with the environment variable NAME (secrets stay out of the file);
    /// `${NAME:-default}` falls back to `default` when NAME is unset.
    static func substitute(_ text: String, path: String, unset: inout [(String, String)]) -> String {
        guard text.contains("${") else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}") {
            out += rest[..<start.lowerBound]
            let expression = String(rest[start.upperBound..<end])
            let parts = expression.components(separatedBy: ":-")
            let name = parts[0]
            if let value = ProcessInfo.processInfo.environment[name] {
                out += value
            } else if parts.count > 1 {
                out += parts.dropFirst().joined(separator: ":-")
            } else {
                unset.append((path, name))
            }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    static func convert(_ node: Node, path: String, lines: inout [String: Int], unset: inout [(String, String)]) -> JSONValue {
        if let mark = node.mark { lines[path] = mark.line }
        switch node {
        case .scalar(let s):
            guard s.style == .plain else { return .string(substitute(s.string, path: path, unset: &unset)) }
            let t = s.string
            switch t {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: break
            }
            if t.range(of: #"^[-+]?[0-9]+$"#, options: .regularExpression) != nil, t.count < 16,
               !(t.hasPrefix("0") && t.count > 1), !t.hasPrefix("+") {
                return .number(t)
            }
            if t.range(of: #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil {
                return .number(t)
            }
            return .string(substitute(t, path: path, unset: &unset))
        case .mapping(let m):
            var o = JSONObject()
            for (k, v) in m {
                let key = k.string ?? "\(k)"
                let childPath = path.isEmpty ? key : path + "." + key
                o[key] = convert(v, path: childPath, lines: &lines, unset: &unset)
            }
            return .object(o)
        case .sequence(let seq):
            return .array(seq.enumerated().map { i, v in convert(v, path: path + "[\(i)]", lines: &lines, unset: &unset) })
        }
    }

    /// The line of the value at `path`, or of its nearest ancestor that has one.
    public func line(at path: String) -> Int? {
        var p = path
        while true {
            if let l = lines[p] { return l }
            if p.isEmpty { return nil }
            if p.hasSuffix("]"), let open = p.lastIndex(of: "[") { p = String(p[..<open]); continue }
            if let dot = p.lastIndex(of: ".") { p = String(p[..<dot]) } else { p = "" }
        }
    }

    /// The raw value at a top-level key, if present.
    public func section(_ key: String) -> JSONValue? { root[key] }

    /// Decodes the section `key` (or `default` when absent); problems are appended to `issues`.
    public func decode<T: Decodable>(_ type: T.Type, at key: String, default defaultValue: T? = nil,
                                     issues: inout [ConfigurationIssue]) -> T? {
        guard let value = root[key], !value.isNull else {
            if let defaultValue { return defaultValue }
            issues.append(issue(key, "is required"))
            return nil
        }
        do {
            return try JSONValueDecoder(lenientScalars: true).decode(T.self, from: value)
        } catch let error as DecodingError {
            let rpc = FieldPath.invalidParams(error)
            let field = rpc.data?["field"]?.stringValue ?? ""
            let path = field == "params" || field.isEmpty ? key : (field.hasPrefix("[") ? key + field : key + "." + field)
            issues.append(issue(path, rpc.data?["reason"]?.stringValue ?? "\(error)"))
            return nil
        } catch let error as ConfigurationIssue {
            issues.append(ConfigurationIssue(path: key + (error.path.isEmpty ? "" : "." + error.path), line: line(at: key + "." + error.path), message: error.message))
            return nil
        } catch {
            issues.append(issue(key, "\(error)"))
            return nil
        }
    }

    /// An issue at `path`, with its line.
    public func issue(_ path: String, _ message: String) -> ConfigurationIssue {
        ConfigurationIssue(path: path, line: line(at: path), message: message)
    }
}

/// One problem in the configuration: where (path and line) and what.
public struct ConfigurationIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { (line.map { "line \($0): " } ?? "") + (path.isEmpty ? "" : path + ": ") + message }
}

/// Every problem found in a configuration file.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let issues: [ConfigurationIssue]
    public let source: String
    public init(_ issues: [ConfigurationIssue], source: String) {
        self.issues = issues
        self.source = source
    }
    public var description: String { issues.map { "\(source): \($0)" }.joined(separator: "\n") }
}
