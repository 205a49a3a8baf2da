/// An input line an importer could not use, with its 1-based line number and the reason.
package struct MalformedLine: Sendable, Hashable, Codable {
    package var lineNumber: Int
    package var reason: String
    package var text: String

    package init(lineNumber: Int, reason: String, text: String) {
        self.lineNumber = lineNumber
        self.reason = reason
        self.text = text
    }
}
