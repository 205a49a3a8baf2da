import Foundation
import GRDB
import JSONRPC
import Synchronization

/// The sheet a secretary's console opens when a call arrives (*levée de fiche*, `calls.identify`):
/// the practice, the patients behind the caller's number, and what each module knows of them.
///
/// Practice registers one sheet in `KernelHost.services` with its methods; a module adds its
/// section (Agenda the appointments to come, Messaging the open messages, Escalation the open
/// incidents) from its own `methods(host:)`, without the modules knowing each other. Every section
/// is read in the one read transaction of `calls.identify`.
package final class CallSheet: Sendable {
    private let sections = Mutex<[any CallSheetSection]>([])

    package init() {}

    /// Adds a module's section; a second section with the same key replaces the first.
    package func add(_ section: any CallSheetSection) {
        sections.withLock { list in
            list.removeAll { $0.key == section.key }
            list.append(section)
        }
    }

    /// The sections, in the order they were added.
    package var all: [any CallSheetSection] { sections.withLock { $0 } }
}
