import Foundation

/// The params of a list method: its own filters and the page it asks for (`limit` and `cursor`,
/// see `PageCursor`), all members of one params object.
///
/// `Filters` decodes the method's own members (`NoParams` when it has none); they read through the
/// params as if they were its own (`p.status` for `p.filters.status`). A method lists the page's
/// fields in its schema with `PageCursor.paramsFields(standard:)` and gets the page size and the
/// sort key to start after from `pageSize(standard:)` and `after(_:)`, which name the field in
/// their -32602 as every list does.
@dynamicMemberLookup
package struct PagedParams<Filters: Decodable & Sendable>: Decodable, Sendable {
    package let filters: Filters
    /// The page size asked for, as given.
    package let limit: Int?
    /// `nextCursor` of the previous page, as given.
    package let cursor: String?

    private enum CodingKeys: String, CodingKey { case limit, cursor }

    package init(from decoder: any Decoder) throws {
        filters = try Filters(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        limit = try c.decodeIfPresent(Int.self, forKey: .limit)
        cursor = try c.decodeIfPresent(String.self, forKey: .cursor)
    }

    package subscript<Value>(dynamicMember path: KeyPath<Filters, Value>) -> Value { filters[keyPath: path] }

    /// The page size: `limit`, 1…`maximum`, or `standard` when absent; -32602 naming `limit` otherwise.
    package func pageSize(standard: Int, maximum: Int = PageCursor.maximum) throws -> Int {
        try PageCursor.limit(limit, standard: standard, maximum: maximum)
    }

    /// The sort key the page starts after, nil for the first page; -32602 naming `cursor` when it is
    /// not a cursor of this list (`shape`: the kinds of its key's columns).
    package func after(_ shape: [PageCursor.Kind]) throws -> [PageKey]? {
        try PageCursor.decode(cursor, shape: shape)
    }
}
