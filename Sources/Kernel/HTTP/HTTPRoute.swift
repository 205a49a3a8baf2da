import Foundation

/// One HTTP endpoint that a plugin contributes to the HTTP edge (`permanence serve --http`).
///
/// Plugins describe routes with these plain values and never import the HTTP library: the edge
/// matches the path, limits and collects the body, calls `handler`, and writes what it returns.
/// A pattern is literal segments and captures: `/sms/inbound/{gatewayId}`, `/calendars/{token}.ics`
/// (a capture may end with a literal suffix inside its segment).
package struct HTTPRoute: Sendable {
    package typealias Handler = @Sendable (HTTPRequestData) async throws -> HTTPResponseData

    /// `GET`, `POST`…, upper case.
    package let method: String
    package let path: String
    /// One line for the route table of `Docs/http.md` and the edge's logs.
    package let summary: String
    package let handler: Handler
    /// `path` split at `/` and read once: what each segment must be.
    private let segments: [Segment]

    private enum Segment: Sendable {
        case literal(Substring.UTF8View)
        /// A capture named `name`, the segment ending with `suffix` (`{token}.ics`: name `token`, suffix `.ics`).
        case capture(name: String, suffix: Substring.UTF8View)
    }

    package init(_ method: String, _ path: String, summary: String, handler: @escaping Handler) {
        self.method = method.uppercased()
        self.path = path
        segments = path.split(separator: "/", omittingEmptySubsequences: true).map { p in
            guard p.hasPrefix("{"), let close = p.firstIndex(of: "}") else { return .literal(p.utf8) }
            return .capture(name: String(p[p.index(after: p.startIndex)..<close]), suffix: p[p.index(after: close)...].utf8)
        }
        self.summary = summary
        self.handler = handler
    }

    /// A request path split as `match(parts:)` takes it: split once per request, tried against every route.
    package static func parts(of requestPath: String) -> [Substring.UTF8View] {
        requestPath.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map { Substring($0).utf8 }
    }

    /// The captures when `requestPath` (without its query) matches the pattern, else `nil`.
    package func match(_ requestPath: String) -> [String: String]? { match(parts: Self.parts(of: requestPath)) }

    /// The captures when the request path split by `parts(of:)` matches the pattern, else `nil`.
    package func match(parts: [Substring.UTF8View]) -> [String: String]? {
        guard segments.count == parts.count else { return nil }
        var captures: [String: String] = [:]
        for (segment, actual) in zip(segments, parts) {
            switch segment {
            case .literal(let literal):
                if !literal.elementsEqual(actual) { return nil }
            case .capture(let name, let suffix):
                guard actual.count > suffix.count, actual.suffix(suffix.count).elementsEqual(suffix) else { return nil }
                let value = String(Substring(actual.dropLast(suffix.count)))
                captures[name] = value.utf8.contains(UInt8(ascii: "%")) ? (value.removingPercentEncoding ?? value) : value
            }
        }
        return captures
    }
}
