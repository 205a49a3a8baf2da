import Synchronization

/// What several modules contribute to one feature of a host, one item per key, in the order they
/// were added: the sections of the call sheet (`CallSheet`), the usage sources of the bill
/// (`UsageSources`).
///
/// The module that owns the feature registers one in `KernelHost.services` with its methods; each
/// other module adds its item from its own `methods(host:)`, without the modules knowing each other.
package final class Contributions<Item: Sendable>: Sendable {
    private let items = Mutex<[Item]>([])
    private let key: @Sendable (Item) -> String

    /// `key` names an item: a second item with the same key replaces the first.
    package init(key: @escaping @Sendable (Item) -> String) { self.key = key }

    /// Adds a module's item, replacing one with the same key.
    package func add(_ item: Item) {
        let key = self.key
        let name = key(item)
        items.withLock { list in
            list.removeAll { key($0) == name }
            list.append(item)
        }
    }

    /// The items, in the order they were added.
    package var all: [Item] { items.withLock { $0 } }
}
