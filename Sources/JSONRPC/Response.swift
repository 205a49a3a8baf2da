/// Builds response and notification lines without re-parsing already encoded results.
package enum Response {
    /// `{"jsonrpc":"2.0","id":…,"result":…}` where `result` is already-encoded JSON; sized once.
    package static func success(id: JSONValue, encodedResult: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(encodedResult.count + 48)
        out.append(contentsOf: #"{"jsonrpc":"2.0","id":"#.utf8)
        JSONWriter.write(id, into: &out)
        out.append(contentsOf: #","result":"#.utf8)
        out.append(contentsOf: encodedResult)
        out.append(UInt8(ascii: "}"))
        return out
    }

    package static func success(id: JSONValue, result: JSONValue) -> [UInt8] {
        success(id: id, encodedResult: JSONWriter.bytes(result))
    }

    package static func failure(id: JSONValue, error: RPCError) -> [UInt8] {
        var out: [UInt8] = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
        JSONWriter.write(id, into: &out)
        out.append(contentsOf: #","error":"#.utf8)
        JSONWriter.write(error.jsonValue, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// A server-to-client notification with already-encoded params.
    package static func notification(method: String, encodedParams: some Sequence<UInt8>) -> [UInt8] {
        var out: [UInt8] = Array(#"{"jsonrpc":"2.0","method":"#.utf8)
        JSONWriter.writeString(method, into: &out)
        out.append(contentsOf: #","params":"#.utf8)
        out.append(contentsOf: encodedParams)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Joins the replies of a batch into one array; `nil` when there is nothing to send.
    package static func batch(_ replies: [[UInt8]]) -> [UInt8]? {
        guard !replies.isEmpty else { return nil }
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, r) in replies.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: r)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }
}
