/// What one line of input holds, as the JSON-RPC 2.0 specification classifies it.
package enum Incoming: Sendable {
    /// The line was not JSON at all: answer -32700 with `id: null`.
    case parseError(String)
    /// One request object, or something that is not a valid request.
    case single(Entry)
    /// A non-empty batch. An empty batch arrives as `.single(.invalid(...))`.
    case batch([Entry])

    /// One element of a batch, or a single message.
    package enum Entry: Sendable {
        case request(Request)
        /// Not a valid request: answer with this error and `id` (null when it could not be read).
        case invalid(id: JSONValue, error: RPCError)
    }

    /// Classifies a line (without its newline).
    package static func parse(_ line: some Collection<UInt8>) -> Incoming { parse(Array(line)) }

    /// Classifies a line (without its newline).
    package static func parse(_ line: [UInt8]) -> Incoming {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            return .parseError("\(error.reason) at byte \(error.offset)")
        }
        if case .array(let elements) = value {
            if elements.isEmpty { return .single(.invalid(id: .null, error: .invalidRequest("empty batch"))) }
            return .batch(elements.map(entry))
        }
        return .single(entry(value))
    }

    /// Validates one request object per §4 of the specification.
    package static func entry(_ value: JSONValue) -> Entry {
        guard case .object(let o) = value else {
            return .invalid(id: .null, error: .invalidRequest("a request must be an object"))
        }
        // The id is echoed only when it is of a permitted type.
        var id: JSONValue? = nil
        var echoID: JSONValue = .null
        if let raw = o["id"] {
            switch raw {
            case .string, .number, .null:
                id = raw
                echoID = raw
            default: return .invalid(id: .null, error: .invalidRequest("id must be a string, a number or null"))
            }
        }
        guard o["jsonrpc"] == .string("2.0") else {
            return .invalid(id: echoID, error: .invalidRequest("jsonrpc must be \"2.0\""))
        }
        guard case .string(let method)? = o["method"] else {
            return .invalid(id: echoID, error: .invalidRequest("method must be a string"))
        }
        if let params = o["params"] {
            switch params {
            case .array, .object: break
            default: return .invalid(id: echoID, error: .invalidRequest("params must be an array or an object"))
            }
        }
        return .request(Request(method: method, params: o["params"], id: id))
    }
}
