import Kernel

extension StoreConnection {
    /// Every row of a query made into a value, each read in place (no row is copied): for the
    /// agenda's lists, read on the booking and search paths.
    func collect<T>(_ sql: String, _ arguments: StoreArguments = [], cached: Bool = false, _ make: (StoreRow) throws -> T) throws -> [T] {
        var out: [T] = []
        try forEachRow(sql, arguments, cached: cached) { row in
            out.append(try make(row))
            return true
        }
        return out
    }
}
