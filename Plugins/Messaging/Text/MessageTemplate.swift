/// A text with `{placeholder}` slots, read from the configuration and filled per call.
///
/// Placeholders are lowerCamelCase identifiers between braces. A template is checked once at load
/// against the placeholders its use allows (an unknown one is a configuration error); braces that
/// do not enclose an identifier are kept as written.
package struct MessageTemplate: Sendable, Hashable, CustomStringConvertible {
    package let text: String

    package init(_ text: String) { self.text = text }

    /// The placeholders the template uses, in order of first appearance.
    package var placeholders: [String] {
        var names: [String] = []
        for token in tokens() { if case .placeholder(let n) = token, !names.contains(n) { names.append(n) } }
        return names
    }

    /// The text with every placeholder replaced by its value (a placeholder without a value is kept).
    package func render(_ values: [String: String]) -> String {
        var out = ""
        for token in tokens() {
            switch token {
            case .literal(let s): out += s
            case .placeholder(let n): out += values[n] ?? "{\(n)}"
            }
        }
        return out
    }

    package var description: String { text }

    private enum Token {
        case literal(String)
        case placeholder(String)
    }

    private func tokens() -> [Token] {
        var tokens: [Token] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "{", let close = text[index...].firstIndex(of: "}") {
                let name = text[text.index(after: index)..<close]
                if let first = name.first, first.isASCII, first.isLetter,
                    name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
                {
                    if !literal.isEmpty {
                        tokens.append(.literal(literal))
                        literal = ""
                    }
                    tokens.append(.placeholder(String(name)))
                    index = text.index(after: close)
                    continue
                }
            }
            literal.append(text[index])
            index = text.index(after: index)
        }
        if !literal.isEmpty { tokens.append(.literal(literal)) }
        return tokens
    }
}
