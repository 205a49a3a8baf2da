import Foundation
package import JSONRPC
import Yams

/// The practice's YAML configuration, parsed once, with the line of every value.
///
/// Each module decodes its own section (`practice`, `practitioners`, `faq`…) with `decode(_:at:)`;
/// every problem becomes a `ConfigurationIssue` naming the path (`practitioners[2].schedule.tuesday[0]`)
/// and the line, so `permanence config check` can report them all at once.
///
/// Decoding is strict: the document records which keys its readers asked for (`usage`), and once
/// every module has read its sections, `unknownKeyIssues(sections:)` reports every key nobody
/// asked for, with the nearest known one. Readers that walk `root` by hand use `value(at:)` or
/// `unknownKeys(in:at:known:)` so that what they read counts as known.
package struct ConfigurationDocument: Sendable {
    /// The whole document as JSON values (YAML core-schema scalars resolved; quoted scalars stay strings).
    package let root: JSONValue
    package let source: String
    private let lines: [String: Int]
    /// The line of each mapping key, by the path of its value (a block value starts below its key).
    private let keyLines: [String: Int]
    /// The keys every reader of this document asked for (shared by copies of the document).
    package let usage = KeyUsage()

    package init(yaml: String, source: String = "configuration") throws(ConfigurationError) {
        self.source = source
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            var line: Int? = nil
            if let e = error as? YamlError, case .parser(_, _, let mark, _) = e { line = mark.line }
            if let e = error as? YamlError, case .scanner(_, _, let mark, _) = e { line = mark.line }
            throw ConfigurationError([ConfigurationIssue(path: "", line: line, message: "not valid YAML: \(error)")], source: source)
        }
        var lines: [String: Int] = [:]
        var keyLines: [String: Int] = [:]
        var unset: [(String, String)] = []
        root = node.map { Self.convert($0, path: "", lines: &lines, keyLines: &keyLines, unset: &unset) } ?? .object(JSONObject())
        self.lines = lines
        self.keyLines = keyLines
        if !unset.isEmpty {
            let l = lines
            throw ConfigurationError(
                unset.map { path, name in
                    ConfigurationIssue(path: path, line: l[path], message: "environment variable \(name) is not set")
                }, source: source)
        }
        guard case .object = root else {
            throw ConfigurationError([ConfigurationIssue(path: "", line: 1, message: "the configuration must be a mapping of sections")], source: source)
        }
    }

    package init(contentsOf path: String) throws(ConfigurationError) {
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

    static func convert(
        _ node: Node, path: String, lines: inout [String: Int], keyLines: inout [String: Int],
        unset: inout [(String, String)]
    ) -> JSONValue {
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
                !(t.hasPrefix("0") && t.count > 1), !t.hasPrefix("+")
            {
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
                if let mark = k.mark { keyLines[childPath] = mark.line }
                o[key] = convert(v, path: childPath, lines: &lines, keyLines: &keyLines, unset: &unset)
            }
            return .object(o)
        case .sequence(let seq):
            return .array(seq.enumerated().map { i, v in convert(v, path: path + "[\(i)]", lines: &lines, keyLines: &keyLines, unset: &unset) })
        }
    }

    /// The line of the value at `path`, or of its nearest ancestor that has one.
    package func line(at path: String) -> Int? {
        var p = path
        while true {
            if let l = lines[p] { return l }
            if p.isEmpty { return nil }
            if p.hasSuffix("]"), let open = p.lastIndex(of: "[") {
                p = String(p[..<open])
                continue
            }
            if let dot = p.lastIndex(of: ".") { p = String(p[..<dot]) } else { p = "" }
        }
    }

    /// The raw value at a top-level key, if present. Only the section's name counts as read:
    /// what is read inside it must be decoded, or read with `value(at:)`.
    package func section(_ key: String) -> JSONValue? {
        usage.asked(key, in: "")
        return root[key]
    }

    /// The value at a dotted path (`http.twilio.authToken`, `practitioners[0].id`), if present;
    /// the value and everything below it count as read.
    package func value(at path: String) -> JSONValue? {
        usage.read(path)
        return lookup(path)
    }

    /// The value at a dotted path, without counting it as read.
    private func lookup(_ path: String) -> JSONValue? {
        var current: JSONValue? = root
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            if let open = name.firstIndex(of: "[") {
                indices = name[open...].split(whereSeparator: { $0 == "[" || $0 == "]" }).compactMap { Int($0) }
                name = name[..<open]
            }
            if !name.isEmpty { current = current?[String(name)] }
            for i in indices {
                guard let a = current?.arrayValue, a.indices.contains(i) else { return nil }
                current = a[i]
            }
        }
        return current
    }

    /// For readers that check an object's keys by hand: an issue for each member of the object at
    /// `path` that is not in `known`, with the nearest known key. The object counts as read whole
    /// (its reader checks what is below).
    package func unknownKeys(in value: JSONValue, at path: String, known: some Collection<String>) -> [ConfigurationIssue] {
        usage.read(path)
        guard case .object(let o) = value else { return [] }
        let names = Array(known)
        return o.keys.filter { !known.contains($0) }.map { key in
            keyIssue(path + "." + key, KeyUsage.UnknownKey.message(for: key, known: names))
        }
    }

    /// Every key of the document that no reader asked for, once every module has read its sections:
    /// a top-level key outside `sections` names the known sections; inside a section, the known keys
    /// beside it. Sections nobody read (their module is off) are not looked into.
    package func unknownKeyIssues(sections: [String]) -> [ConfigurationIssue] {
        guard case .object(let top) = root else { return [] }
        var found: [ConfigurationIssue] = []
        for (key, value) in top {
            guard sections.contains(key) else {
                let hint = NearestName.suggestion(for: key, among: sections).map { "did you mean `\($0)`? " } ?? ""
                found.append(keyIssue(key, "unknown section; \(hint)known sections: \(sections.sorted().joined(separator: ", "))"))
                continue
            }
            for unknown in usage.unknownKeys(in: value, at: key) {
                found.append(keyIssue(unknown.path, unknown.message))
            }
        }
        return found
    }

    /// Decodes the section `key` (or `default` when absent); problems are appended to `issues`.
    /// Keys the type does not ask for are recorded for `unknownKeyIssues(sections:)`; a section that
    /// fails to decode is not looked into further.
    package func decode<T: Decodable>(
        _ type: T.Type, at key: String, default defaultValue: T? = nil,
        issues: inout [ConfigurationIssue]
    ) -> T? {
        usage.asked(key, in: "")
        guard let value = root[key], !value.isNull else {
            if let defaultValue { return defaultValue }
            issues.append(issue(key, "is required"))
            return nil
        }
        let recorded = KeyUsage()
        defer { usage.merge(recorded, under: key) }
        do {
            return try JSONValueDecoder(lenientScalars: true, usage: recorded).decode(T.self, from: value)
        } catch let error as DecodingError {
            usage.read(key)
            // A required key missing beside a near miss: the near miss is the mistake to show.
            if case .keyNotFound(let missing, let context) = error {
                let full = context.codingPath.last?.stringValue == missing.stringValue ? context.codingPath : context.codingPath + [missing]
                let parent = FieldPath.string(Array(full.dropLast()))
                let parentPath = parent.isEmpty ? key : (parent.hasPrefix("[") ? key + parent : key + "." + parent)
                if case .object(let o)? = lookup(parentPath),
                    let typo = o.keys.first(where: { NearestName.suggestion(for: $0, among: [missing.stringValue]) != nil })
                {
                    issues.append(keyIssue(parentPath + "." + typo, "unknown key; did you mean `\(missing.stringValue)`?"))
                    return nil
                }
            }
            let rpc = FieldPath.invalidParams(error)
            let field = rpc.data?["field"]?.stringValue ?? ""
            let path = field == "params" || field.isEmpty ? key : (field.hasPrefix("[") ? key + field : key + "." + field)
            issues.append(issue(path, rpc.data?["reason"]?.stringValue ?? "\(error)"))
            return nil
        } catch let error as ConfigurationIssue {
            issues.append(
                ConfigurationIssue(path: key + (error.path.isEmpty ? "" : "." + error.path), line: line(at: key + "." + error.path), message: error.message))
            usage.read(key)
            return nil
        } catch {
            issues.append(issue(key, "\(error)"))
            usage.read(key)
            return nil
        }
    }

    /// An issue at `path`, with its line.
    package func issue(_ path: String, _ message: String) -> ConfigurationIssue {
        ConfigurationIssue(path: path, line: line(at: path), message: message)
    }

    /// An issue about the key at `path` itself (an unknown key), with the line of the key.
    package func keyIssue(_ path: String, _ message: String) -> ConfigurationIssue {
        ConfigurationIssue(path: path, line: keyLines[path] ?? line(at: path), message: message)
    }
}

/// One problem in the configuration: where (path and line) and what.
package struct ConfigurationIssue: Error, Sendable, Equatable, CustomStringConvertible {
    package let path: String
    package let line: Int?
    package let message: String

    package init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    package var description: String { (line.map { "line \($0): " } ?? "") + (path.isEmpty ? "" : path + ": ") + message }
}

/// Every problem found in a configuration file.
package struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    package let issues: [ConfigurationIssue]
    package let source: String
    package init(_ issues: [ConfigurationIssue], source: String) {
        self.issues = issues
        self.source = source
    }
    package var description: String { issues.map { "\(source): \($0)" }.joined(separator: "\n") }
}
