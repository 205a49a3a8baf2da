import JSONRPC

extension LineClient {
    /// Every row of a paged list method, following `nextCursor` from page to page; the rows are
    /// in `field` of each reply (`items`, or the list field of an older reply object).
    func allPages(_ method: String, _ params: JSONObject = [:], field: String = "items") throws -> [JSONValue] {
        var params = params
        var rows: [JSONValue] = []
        while true {
            let page = try result(method, .object(params))
            rows += page[field]?.arrayValue ?? []
            guard let next = page["nextCursor"] else { return rows }
            params["cursor"] = next
        }
    }
}
