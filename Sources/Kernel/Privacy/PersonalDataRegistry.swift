package import Foundation
package import JSONRPC
import Synchronization

/// The modules holding patient data (`PersonalDataHolder`s), and the operations across all of
/// them: export (right of access), erasure (right to erasure, as anonymisation) and retention purge.
///
/// The kernel's own holders (the outbox and the audit trail) are registered from the start; every
/// other module registers its own when it starts.
package final class PersonalDataRegistry: Sendable {
    /// The practice whose data the holders answer for: each holder a module registers captures it
    /// (its host's practice) and limits its export, erasure and purge to that practice's rows.
    package let practiceId: String
    private let holders: Mutex<[any PersonalDataHolder]>

    package init(practiceId: String) {
        self.practiceId = practiceId
        holders = Mutex([OutboxPersonalData(practiceId: practiceId), AuditTrailPersonalData(practiceId: practiceId)])
    }

    /// Adds a holder; a second one with the same name replaces the first.
    package func register(_ holder: any PersonalDataHolder) {
        holders.withLock { list in
            list.removeAll { $0.name == holder.name }
            list.append(holder)
        }
    }

    /// The registered holders, by name.
    package var all: [any PersonalDataHolder] { holders.withLock { $0 }.sorted { $0.name < $1.name } }

    /// Every holder's part, keyed by holder name.
    package func export(_ subject: PersonalDataSubject, in db: any StoreConnection) throws -> JSONObject {
        var out = JSONObject()
        for h in all { out[h.name] = try h.export(subject, in: db) }
        return out
    }

    /// Anonymises the subject in every holder (in the caller's transaction); rows changed by holder name.
    package func erase(_ subject: PersonalDataSubject, at now: Date, in db: any StoreConnection) throws -> [String: Int] {
        var out: [String: Int] = [:]
        // The audit trail goes last: it may meet rows written by the others' erasure.
        for h in all.sorted(by: { ($0 is AuditTrailPersonalData ? 1 : 0, $0.name) < ($1 is AuditTrailPersonalData ? 1 : 0, $1.name) }) {
            out[h.name] = try h.erase(subject, at: now, in: db)
        }
        return out
    }

    /// Purges every retention class past its duration (in the caller's transaction); counts by class.
    package func purge(_ retention: RetentionPolicy, now: Date, in db: any StoreConnection) throws -> [String: Int] {
        var out: [String: Int] = [:]
        for c in RetentionPolicy.Class.allCases { out[c.rawValue] = 0 }
        for h in all {
            out.merge(try h.purge(retention, now: now, in: db)) { $0 + $1 }
        }
        return out
    }
}
