/// What a contributed route answers: status, header fields, body.
public struct HTTPResponseData: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` answer.
    public static func text(_ status: Int, _ text: String) -> HTTPResponseData {
        HTTPResponseData(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }

    /// A body of `contentType`.
    public static func body(_ status: Int, contentType: String, _ bytes: [UInt8]) -> HTTPResponseData {
        HTTPResponseData(status: status, headers: [("Content-Type", contentType)], body: bytes)
    }
}

/// Thrown by a route to answer `status` with `reason` as plain text (400 malformed form, 403 bad signature…).
public struct HTTPRouteError: Error, Sendable, CustomStringConvertible {
    public let status: Int
    public let reason: String
    public init(_ status: Int, _ reason: String) {
        self.status = status
        self.reason = reason
    }
    public var description: String { "\(status) \(reason)" }
}
