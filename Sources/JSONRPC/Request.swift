/// A valid JSON-RPC 2.0 request or notification.
package struct Request: Sendable, Hashable {
    package var method: String
    /// `nil` when absent; otherwise an array (by position) or an object (by name).
    package var params: JSONValue?
    /// `nil` for a notification; otherwise the id to echo exactly (a string, a number or null).
    package var id: JSONValue?

    package init(method: String, params: JSONValue? = nil, id: JSONValue? = nil) {
        self.method = method
        self.params = params
        self.id = id
    }

    package var isNotification: Bool { id == nil }

    package var jsonValue: JSONValue {
        var o = JSONObject()
        o["jsonrpc"] = "2.0"
        o["method"] = .string(method)
        if let params { o["params"] = params }
        if let id { o["id"] = id }
        return .object(o)
    }
}
