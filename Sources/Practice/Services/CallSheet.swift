import Foundation
import JSONRPC
package import Kernel

/// The sheet a secretary's console opens when a call arrives (*levée de fiche*, `calls.identify`):
/// the practice, the patients behind the caller's number, and what each module knows of them.
///
/// Practice registers one sheet in `KernelHost.services` with its methods; a module adds its
/// section (Agenda the appointments to come, Messaging the open messages, Escalation the open
/// incidents) from its own `methods(host:)`, without the modules knowing each other. Every section
/// is read in the one read transaction of `calls.identify`.
package typealias CallSheet = Contributions<any CallSheetSection>

extension Contributions where Item == any CallSheetSection {
    /// Sections named by their module's key.
    package convenience init() { self.init(key: { $0.key }) }
}
