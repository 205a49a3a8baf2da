/// An error that becomes the `error` member of a JSON-RPC response.
///
/// `data` carries `{"field": …}` for content errors and `{"reason": …}` where a reason helps.
package struct RPCError: Error, Hashable, Sendable, CustomStringConvertible {
    package var code: ErrorCode
    package var message: String
    package var data: JSONValue?

    package init(_ code: ErrorCode, _ message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    package var description: String {
        "\(code.rawValue) \(message)" + (data.map { " " + JSONWriter.string($0) } ?? "")
    }

    package var jsonValue: JSONValue {
        var o = JSONObject()
        o["code"] = .int(code.rawValue)
        o["message"] = .string(message)
        if let data { o["data"] = data }
        return .object(o)
    }

    package static func parseError(_ reason: String) -> RPCError {
        RPCError(.parseError, "Parse error", data: ["reason": .string(reason)])
    }
    package static func invalidRequest(_ reason: String) -> RPCError {
        RPCError(.invalidRequest, "Invalid Request", data: ["reason": .string(reason)])
    }
    package static func methodNotFound(_ method: String) -> RPCError {
        RPCError(.methodNotFound, "Method not found", data: ["method": .string(method)])
    }
    /// Invalid params naming the offending field by its path (`caller.phone`, `items[2].start`).
    package static func invalidParams(field: String, _ message: String) -> RPCError {
        RPCError(
            .invalidParams, "Invalid params: \(field.isEmpty ? "params" : field): \(message)",
            data: ["field": .string(field.isEmpty ? "params" : field), "reason": .string(message)])
    }
    package static func internalError(_ reason: String) -> RPCError {
        RPCError(.internalError, "Internal error", data: ["reason": .string(reason)])
    }
    package static func notFound(_ what: String, field: String? = nil) -> RPCError {
        RPCError(.notFound, "Not found: \(what)", data: field.map { ["field": .string($0)] })
    }
    package static func conflict(_ reason: String, data: JSONValue? = nil) -> RPCError {
        RPCError(.conflict, "Conflict: \(reason)", data: data ?? ["reason": .string(reason)])
    }
    /// Content that is well typed but breaks a rule; names the field.
    package static func unprocessable(field: String, _ reason: String) -> RPCError {
        RPCError(.unprocessable, "\(field): \(reason)", data: ["field": .string(field), "reason": .string(reason)])
    }
    package static let cancelled = RPCError(.requestCancelled, "Request cancelled")
}
