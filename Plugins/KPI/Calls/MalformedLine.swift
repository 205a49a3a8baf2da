/// An input line an importer could not use, with its 1-based line number and the reason.
public struct MalformedLine: Sendable, Hashable, Codable {
    public var lineNumber: Int
    public var reason: String
    public var text: String

    public init(lineNumber: Int, reason: String, text: String) {
        self.lineNumber = lineNumber
        self.reason = reason
        self.text = text
    }
}
