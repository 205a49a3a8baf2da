import Foundation
package import JSONRPC

/// One page of a list method's rows in a stable order. `nextCursor` is present when more rows
/// follow: give it back as `cursor` (with the same filters) to get the next page.
package struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    package let items: [Item]
    package let nextCursor: String?

    package init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// A page from rows fetched with `LIMIT limit + 1`: the extra row only says another page
    /// follows; the cursor holds the sort key (`key`) of the last row kept.
    package init(fetched: [Item], limit: Int, key: (Item) -> [PageKey]) {
        items = Array(fetched.prefix(limit))
        nextCursor = fetched.count > limit ? items.last.map { PageCursor.encode(key($0)) } : nil
    }

    /// A page from rows fetched with `LIMIT limit + 1` together with their sort keys, for orders
    /// on columns the items do not show (a `rowid`).
    package init(keyed fetched: [(key: [PageKey], item: Item)], limit: Int) {
        items = fetched.prefix(limit).map(\.item)
        nextCursor = fetched.count > limit ? PageCursor.encode(fetched[limit - 1].key) : nil
    }

    /// The result schema `{items, nextCursor?}` for rows of schema `item`.
    package static func schema(_ item: Schema) -> Schema {
        .object([required("items", .array(item)), PageCursor.nextCursorField])
    }
}
