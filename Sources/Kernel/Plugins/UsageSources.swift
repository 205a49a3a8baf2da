import Synchronization

/// The usage sources of a host (``UsageSource``), one per module.
///
/// `Practice` registers one in `KernelHost.services` with its methods (it is always first); each
/// module adds its source from its own `methods(host:)`.
package final class UsageSources: Sendable {
    private let sources = Mutex<[any UsageSource]>([])

    package init() {}

    /// Adds a module's source; a second source with the same key replaces the first.
    package func add(_ source: any UsageSource) {
        sources.withLock { list in
            list.removeAll { $0.key == source.key }
            list.append(source)
        }
    }

    /// The sources, in the order they were added.
    package var all: [any UsageSource] { sources.withLock { $0 } }
}
