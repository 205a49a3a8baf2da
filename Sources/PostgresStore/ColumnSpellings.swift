import Synchronization

/// How the schema spells its column names (`lastName`), for results: PostgreSQL folds unquoted
/// identifiers to lower case, so a result names `lastname`. Rows are read by name without regard to
/// case either way; spellings matter where the names themselves are shown (a patient's export).
final class ColumnSpellings: Sendable {
    private let spelling = Mutex<[String: String]>([:])

    /// Learns `names` (their lower-case forms map to them).
    func adopt(_ names: [String]) {
        spelling.withLock { map in
            for name in names where name != name.lowercased() { map[name.lowercased()] = name }
        }
    }

    /// `names` as the schema spells them.
    func respell(_ names: [String]) -> [String] {
        spelling.withLock { map in
            map.isEmpty ? names : names.map { map[$0] ?? $0 }
        }
    }
}
