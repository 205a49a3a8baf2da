import Foundation
import JSONRPC
import Synchronization

/// Which members of a JSON document its readers asked for, so that the others can be reported as
/// unknown keys (a misspelt configuration key must not fall back to a default without a word).
///
/// `JSONValueDecoder(usage:)` records, for each object decoded through a keyed container, every key
/// the type asked for (synthesized `Decodable` asks for all of its keys, optional ones included);
/// a value decoded whole as `JSONValue` is *accepted*: nothing below it is checked. Hand-written
/// readers record what they read with `read(_:)`. Paths are written as users see them:
/// `practitioners[1].schedule.centre`.
package final class KeyUsage: Sendable {
    private struct State {
        var asked: [String: Set<String>] = [:]
        var accepted: Set<String> = []
    }
    private let state = Mutex(State())

    package init() {}

    /// One member nobody asked for: its path, its key and the keys that were asked for beside it.
    package struct UnknownKey: Sendable, Equatable {
        package let path: String
        package let key: String
        package let known: [String]
        /// "unknown key; did you mean `acceptsNewPatients`?", or the list of known keys.
        package var message: String { Self.message(for: key, known: known) }

        package static func message(for key: String, known: [String]) -> String {
            if let s = NearestName.suggestion(for: key, among: known) { return "unknown key; did you mean `\(s)`?" }
            if known.isEmpty { return "unknown key (this object takes no keys)" }
            return "unknown key; known keys: \(known.sorted().joined(separator: ", "))"
        }
    }

    /// The object at `path` was opened as a keyed container (even one asking for nothing).
    func opened(_ path: String) {
        state.withLock { s in if s.asked[path] == nil { s.asked[path] = [] } }
    }

    /// The object at `path` was asked for its member `key`.
    func asked(_ key: String, in path: String) {
        _ = state.withLock { s in s.asked[path, default: []].insert(key) }
    }

    /// The value at `path` was taken whole: nothing below it is unknown.
    func accepted(_ path: String) {
        _ = state.withLock { s in s.accepted.insert(path) }
    }

    /// A hand-written reader read the value at `path` (`http.twilio.authToken`, `sites[0].id`):
    /// each member on the way is known, and the value is accepted whole.
    package func read(_ path: String) { accepted(reach(path)) }

    /// Records each member on the way to `path` as asked for; returns the path as recorded.
    private func reach(_ path: String) -> String {
        var current = ""
        for step in Self.steps(path) {
            switch step {
            case .key(let key):
                asked(key, in: current)
                current = Self.child(current, key)
            case .index(let i):
                current += "[\(i)]"
            }
        }
        return current
    }

    /// Copies what `other` recorded, its paths taken as relative to `prefix`.
    package func merge(_ other: KeyUsage, under prefix: String) {
        let recorded = other.state.withLock { $0 }
        func rebase(_ p: String) -> String { p.isEmpty ? prefix : (p.hasPrefix("[") || prefix.isEmpty ? prefix + p : prefix + "." + p) }
        _ = reach(prefix)
        state.withLock { s in
            for (path, keys) in recorded.asked { s.asked[rebase(path), default: []].formUnion(keys) }
            for path in recorded.accepted { s.accepted.insert(rebase(path)) }
        }
    }

    /// The members of `value` (found at `path`) that no reader asked for, in document order.
    /// Objects no reader opened are not looked into.
    package func unknownKeys(in value: JSONValue, at path: String = "") -> [UnknownKey] {
        let recorded = state.withLock { $0 }
        var found: [UnknownKey] = []
        func walk(_ value: JSONValue, _ path: String) {
            if recorded.accepted.contains(path) { return }
            switch value {
            case .object(let o):
                guard let keys = recorded.asked[path] else { return }
                for (key, member) in o {
                    if keys.contains(key) {
                        walk(member, Self.child(path, key))
                    } else {
                        found.append(UnknownKey(path: Self.child(path, key), key: key, known: keys.sorted()))
                    }
                }
            case .array(let a):
                for (i, element) in a.enumerated() { walk(element, path + "[\(i)]") }
            default:
                break
            }
        }
        walk(value, path)
        return found
    }

    /// The keys asked for in the object at `path`, if it was opened.
    package func askedKeys(at path: String) -> Set<String>? { state.withLock { $0.asked[path] } }

    static func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// A coding path written as a user path; positions in arrays (and only those) are `[i]`.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if key is IndexKey, let i = key.intValue { out += "[\(i)]" } else { out = child(out, key.stringValue) }
        }
        return out
    }

    private enum Step {
        case key(String)
        case index(Int)
    }

    private static func steps(_ path: String) -> [Step] {
        var steps: [Step] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: true) {
            var rest = Substring(part)
            if let open = rest.firstIndex(of: "[") {
                if open > rest.startIndex { steps.append(.key(String(rest[..<open]))) }
                rest = rest[open...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    if let i = Int(rest[rest.index(after: rest.startIndex)..<close]) { steps.append(.index(i)) }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                steps.append(.key(String(rest)))
            }
        }
        return steps
    }
}
