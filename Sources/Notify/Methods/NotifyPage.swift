import Kernel

/// One page of a list, newest first. Pass `nextCursor` as `cursor` to get the next (older) page;
/// it is absent on the last page.
struct NotifyPage<Item: Encodable & Sendable>: Encodable, Sendable {
    let items: [Item]
    let nextCursor: String?

    /// Fetches one item more than `limit` to know whether another page follows.
    init(fetched: [Item], limit: Int, id: (Item) -> String) {
        items = Array(fetched.prefix(limit))
        nextCursor = fetched.count > limit ? items.last.map(id) : nil
    }

    static func schema(_ item: Schema) -> Schema {
        .object([required("items", .array(item)), optional("nextCursor", .string, "give it as `cursor` for the next page")])
    }

    /// The page size from `limit` (1…`maximum`, default `standard`).
    static func limit(_ given: Int?, standard: Int = 50, maximum: Int = 200) throws -> Int {
        let limit = given ?? standard
        guard (1...maximum).contains(limit) else { throw RPCError.invalidParams(field: "limit", "must be from 1 to \(maximum)") }
        return limit
    }

    /// The row id a `cursor` stands for.
    static func cursor(_ given: String?) throws -> Int64? {
        guard let given else { return nil }
        guard let id = Int64(given), id > 0 else { throw RPCError.invalidParams(field: "cursor", "is not a cursor from a previous page") }
        return id
    }
}
