/// What a contributed route answers: status, header fields, body.
package struct HTTPResponseData: Sendable {
    package var status: Int
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` answer.
    package static func text(_ status: Int, _ text: String) -> HTTPResponseData {
        HTTPResponseData(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }

    /// A body of `contentType`.
    package static func body(_ status: Int, contentType: String, _ bytes: [UInt8]) -> HTTPResponseData {
        HTTPResponseData(status: status, headers: [("Content-Type", contentType)], body: bytes)
    }
}

/// Thrown by a route to answer `status` with `reason` as plain text (400 malformed form, 403 bad signature…).
package struct HTTPRouteError: Error, Sendable, CustomStringConvertible {
    package let status: Int
    package let reason: String
    package init(_ status: Int, _ reason: String) {
        self.status = status
        self.reason = reason
    }
    package var description: String { "\(status) \(reason)" }
}
