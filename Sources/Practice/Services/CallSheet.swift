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
public final class CallSheet: Sendable {
    private let sections = Mutex<[any CallSheetSection]>([])

    public init() {}

    /// Adds a module's section; a second section with the same key replaces the first.
    public func add(_ section: any CallSheetSection) {
        sections.withLock { list in
            list.removeAll { $0.key == section.key }
            list.append(section)
        }
    }

    /// The sections, in the order they were added.
    public var all: [any CallSheetSection] { sections.withLock { $0 } }
}

/// One module's part of the call sheet.
public protocol CallSheetSection: Sendable {
    /// The key of the section in `calls.identify`'s `sections` (`appointments`, `messages`, `incidents`).
    var key: String { get }
    /// What the module knows of the call's patients and number, newest or most pressing first, read
    /// in the caller's read transaction.
    func items(for call: IdentifiedCall, in db: Database) throws -> [JSONValue]
}

/// What `calls.identify` found before asking the modules: who may be calling, and when.
public struct IdentifiedCall: Sendable {
    /// The caller's number (E.164), when the telephony gave one.
    public let caller: String?
    /// Patients whose number (or a related person's) is the caller's.
    public let patientIds: [String]
    public let at: Date
    /// The practice's zone, for the instants a section writes.
    public let timeZone: TimeZone
}
