/// SQL as the modules write it, in the dialect both engines accept, turned into what PostgreSQL
/// takes: SQLite's placeholders `?` and `?N` become `$N`, `INDEXED BY name` hints (query-plan pinning
/// on SQLite) are removed, SQLite's `instr(text, part)` becomes `strpos(text, part)` (same arguments,
/// same result), and a text of several statements is split at its top-level `;`.
///
/// String literals (`'…'` with `''`, `E'…'` with backslash escapes), quoted identifiers (`"…"`),
/// comments (`--`, nested `/* */`) and dollar-quoted bodies (`$tag$…$tag$`) are copied as they are.
/// A bare `?` takes the number after the highest one assigned so far in its statement, as SQLite
/// numbers it (`?2, ?` is `$2, $3`). PostgreSQL's operators spelt with `?` (jsonb) cannot be written.
package enum PostgresDialect {
    /// One statement as PostgreSQL takes it.
    package struct Statement: Sendable, Hashable {
        package let sql: String
        /// The highest `$N` it uses: the arguments it needs.
        package let parameterCount: Int
    }

    /// The statements of `sql`, in order; empty when it holds only blanks and comments.
    package static func rewrite(_ sql: String) -> [Statement] {
        var scanner = Scanner(Array(sql.utf8))
        return scanner.statements()
    }

    private struct Scanner {
        let input: [UInt8]
        var position = 0
        var output: [UInt8] = []
        /// The current statement holds more than blanks and comments.
        var hasContent = false
        var highestParameter = 0
        var finished: [Statement] = []

        init(_ input: [UInt8]) {
            self.input = input
            output.reserveCapacity(input.count + 8)
        }

        mutating func statements() -> [Statement] {
            while position < input.count {
                let byte = input[position]
                switch byte {
                case .quote: copyQuoted(closing: .quote, backslashEscapes: false)
                case .doubleQuote: copyQuoted(closing: .doubleQuote, backslashEscapes: false)
                case .dash where peek(1) == .dash: copyLineComment()
                case .slash where peek(1) == .star: copyBlockComment()
                case .dollar where dollarTagLength() != nil: copyDollarQuoted()
                case .question: rewritePlaceholder()
                case .semicolon:
                    position += 1
                    endStatement()
                case _ where byte.isIdentifierStart: copyWord()
                default:
                    if !byte.isBlank { hasContent = true }
                    output.append(byte)
                    position += 1
                }
            }
            endStatement()
            return finished
        }

        func peek(_ offset: Int) -> UInt8? {
            position + offset < input.count ? input[position + offset] : nil
        }

        mutating func endStatement() {
            if hasContent {
                finished.append(Statement(sql: String(decoding: output, as: UTF8.self), parameterCount: highestParameter))
            }
            output.removeAll(keepingCapacity: true)
            hasContent = false
            highestParameter = 0
        }

        /// `'…'` or `"…"`, a doubled closing character standing for itself.
        mutating func copyQuoted(closing: UInt8, backslashEscapes: Bool) {
            hasContent = true
            output.append(input[position])
            position += 1
            while position < input.count {
                let byte = input[position]
                output.append(byte)
                position += 1
                if backslashEscapes && byte == .backslash, position < input.count {
                    output.append(input[position])
                    position += 1
                } else if byte == closing {
                    guard position < input.count, input[position] == closing else { return }
                    output.append(closing)
                    position += 1
                }
            }
        }

        mutating func copyLineComment() {
            while position < input.count {
                let byte = input[position]
                output.append(byte)
                position += 1
                if byte == .newline { return }
            }
        }

        /// PostgreSQL's block comments nest.
        mutating func copyBlockComment() {
            var depth = 0
            while position < input.count {
                if input[position] == .slash, peek(1) == .star {
                    depth += 1
                    output += [.slash, .star]
                    position += 2
                } else if input[position] == .star, peek(1) == .slash {
                    depth -= 1
                    output += [.star, .slash]
                    position += 2
                    if depth == 0 { return }
                } else {
                    output.append(input[position])
                    position += 1
                }
            }
        }

        /// The length of a dollar-quote tag (`$$`, `$body$`) starting here, if one does.
        func dollarTagLength() -> Int? {
            var end = position + 1
            if end < input.count, input[end].isIdentifierStart {
                while end < input.count, input[end].isIdentifierStart || input[end].isDigit { end += 1 }
            }
            guard end < input.count, input[end] == .dollar else { return nil }
            return end - position + 1
        }

        mutating func copyDollarQuoted() {
            hasContent = true
            guard let length = dollarTagLength() else { return }
            let tag = input[position..<position + length]
            output += tag
            position += length
            while position < input.count {
                if input[position] == .dollar, input[position...].starts(with: tag) {
                    output += tag
                    position += length
                    return
                }
                output.append(input[position])
                position += 1
            }
        }

        /// `?` or `?N` as `$N`.
        mutating func rewritePlaceholder() {
            hasContent = true
            position += 1
            var number = 0
            var digits = 0
            while position < input.count, input[position].isDigit {
                number = number * 10 + Int(input[position] - .zero)
                digits += 1
                position += 1
            }
            if digits == 0 { number = highestParameter + 1 }
            highestParameter = max(highestParameter, number)
            output.append(.dollar)
            output += Array(String(number).utf8)
        }

        /// A keyword or an unquoted identifier; `INDEXED BY name` is dropped, `instr(` is `strpos(`,
        /// `E'…'` starts a string with backslash escapes.
        mutating func copyWord() {
            hasContent = true
            let start = position
            let word = readWord()
            if equalsIgnoringCase(word, "indexed"), let end = indexHintEnd(after: position) {
                position = end
                return
            }
            if equalsIgnoringCase(word, "instr"), case let next = skipBlanks(from: position), next < input.count, input[next] == UInt8(ascii: "(") {
                output += Array("strpos".utf8)
                return
            }
            output += input[start..<position]
            if word.count == 1, word.first == .upperE || word.first == .lowerE, peek(0) == .quote {
                copyQuoted(closing: .quote, backslashEscapes: true)
            }
        }

        mutating func readWord() -> ArraySlice<UInt8> {
            let start = position
            while position < input.count, input[position].isIdentifierStart || input[position].isDigit || input[position] == .dollar {
                position += 1
            }
            return input[start..<position]
        }

        /// Where `BY name` ends, when it follows `INDEXED` at `start` (blanks between).
        func indexHintEnd(after start: Int) -> Int? {
            var index = skipBlanks(from: start)
            guard index > start, index + 2 <= input.count, equalsIgnoringCase(input[index..<index + 2], "by") else { return nil }
            index += 2
            let nameStart = skipBlanks(from: index)
            guard nameStart > index, nameStart < input.count else { return nil }
            if input[nameStart] == .doubleQuote {
                var end = nameStart + 1
                while end < input.count {
                    if input[end] == .doubleQuote {
                        if end + 1 < input.count, input[end + 1] == .doubleQuote {
                            end += 2
                            continue
                        }
                        return end + 1
                    }
                    end += 1
                }
                return nil
            }
            guard input[nameStart].isIdentifierStart else { return nil }
            var end = nameStart
            while end < input.count, input[end].isIdentifierStart || input[end].isDigit || input[end] == .dollar { end += 1 }
            return end
        }

        func skipBlanks(from start: Int) -> Int {
            var index = start
            while index < input.count, input[index].isBlank { index += 1 }
            return index
        }

        func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ word: String) -> Bool {
            bytes.count == word.utf8.count && zip(bytes, word.utf8).allSatisfy { $0 | 0x20 == $1 }
        }
    }
}

extension UInt8 {
    fileprivate static let quote = UInt8(ascii: "'")
    fileprivate static let doubleQuote = UInt8(ascii: "\"")
    fileprivate static let dash = UInt8(ascii: "-")
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let star = UInt8(ascii: "*")
    fileprivate static let dollar = UInt8(ascii: "$")
    fileprivate static let question = UInt8(ascii: "?")
    fileprivate static let semicolon = UInt8(ascii: ";")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let newline = UInt8(ascii: "\n")
    fileprivate static let zero = UInt8(ascii: "0")
    fileprivate static let upperE = UInt8(ascii: "E")
    fileprivate static let lowerE = UInt8(ascii: "e")

    fileprivate var isDigit: Bool { self >= .zero && self <= UInt8(ascii: "9") }
    /// Letters, `_`, and any byte of a non-ASCII character (PostgreSQL allows those in identifiers).
    fileprivate var isIdentifierStart: Bool {
        (self | 0x20 >= UInt8(ascii: "a") && self | 0x20 <= UInt8(ascii: "z")) || self == UInt8(ascii: "_") || self >= 0x80
    }
    fileprivate var isBlank: Bool { self == 0x20 || (self >= 0x09 && self <= 0x0D) }
}
