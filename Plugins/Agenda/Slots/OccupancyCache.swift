import Foundation
import GRDB
import Kernel
import Synchronization

/// Each practitioner's occupied time (appointments by the week they start in, and absences), held in
/// memory so that a slot search runs no range query.
///
/// Every change to the agenda's tables, by this process or by another one on the same file (an
/// import, `permanence rpc`), raises a revision through triggers (see `AgendaStore`). A search reads
/// the revisions of the weeks it needs in one indexed statement and reloads only the weeks whose
/// revision moved. The revision is read before the rows, so a held week is never older than the
/// revision it is held under: a change committed before a search starts is always seen by it.
/// Booking does not rely on this cache: it checks again against the database, inside its transaction.
final class OccupancyCache: Sendable {
    /// What occupies one practitioner's time around a searched window.
    struct Occupancy {
        /// Occupying appointments starting from a day before the window, by start.
        var occupants: [AgendaStore.Occupant]
        /// Absences overlapping the window.
        var absences: [Absence]
    }

    private struct WeekKey: Hashable, Sendable {
        let practitionerId: String
        let week: Int64
    }

    private struct Held<Value: Sendable>: Sendable {
        let revision: Int64
        let value: Value
    }

    private struct State: Sendable {
        var weeks: [WeekKey: Held<[AgendaStore.Occupant]>] = [:]
        var absences: [String: Held<[Absence]>] = [:]
    }

    private let state = Mutex(State())

    /// Weeks held at most; past that everything is dropped and reloaded on demand (a year of 40
    /// practitioners is about 2,100 weeks).
    static let maximumWeeks = 50_000

    init() {}

    /// Occupied time of `practitionerId` that can overlap `[from, to)`, current as of this call.
    func occupancy(practitionerId: String, from: Date, to: Date, store: Store) throws -> Occupancy {
        let first = AgendaStore.week(from.timeIntervalSince1970 - AgendaStore.maximumBlockSeconds)
        let last = max(first, AgendaStore.week(to.timeIntervalSince1970))
        return try store.peek { db in
            let revisions = try AgendaStore.revisions(practitionerId: practitionerId, weeks: first...last, in: db)
            var parts: [[AgendaStore.Occupant]?] = []
            parts.reserveCapacity(Int(last - first + 1))
            let heldAbsences: [Absence]? = state.withLock { s in
                for week in first...last {
                    let held = s.weeks[WeekKey(practitionerId: practitionerId, week: week)]
                    parts.append(held.flatMap { $0.revision == revisions[week, default: 0] ? $0.value : nil })
                }
                return s.absences[practitionerId].flatMap { $0.revision == revisions[AgendaStore.absenceWeek, default: 0] ? $0.value : nil }
            }
            var loaded: [(WeekKey, Held<[AgendaStore.Occupant]>)] = []
            for (offset, part) in parts.enumerated() where part == nil {
                let week = first + Int64(offset)
                let occupants = try AgendaStore.occupants(practitionerId: practitionerId, week: week, in: db)
                parts[offset] = occupants
                loaded.append((WeekKey(practitionerId: practitionerId, week: week), Held(revision: revisions[week, default: 0], value: occupants)))
            }
            var absences = heldAbsences
            if absences == nil {
                let all = try AgendaStore.absences(practitionerId: practitionerId, from: nil, to: nil, in: db)
                absences = all
                let revision = revisions[AgendaStore.absenceWeek, default: 0]
                state.withLock { s in
                    if (s.absences[practitionerId]?.revision ?? -1) <= revision { s.absences[practitionerId] = Held(revision: revision, value: all) }
                }
            }
            if !loaded.isEmpty {
                state.withLock { s in
                    if s.weeks.count + loaded.count > Self.maximumWeeks { s.weeks.removeAll(keepingCapacity: true) }
                    // A slower search may bring an older revision back: keep the newer one.
                    for (key, held) in loaded where (s.weeks[key]?.revision ?? -1) <= held.revision { s.weeks[key] = held }
                }
            }
            var occupants: [AgendaStore.Occupant] = []
            occupants.reserveCapacity(parts.reduce(0) { $0 + ($1?.count ?? 0) })
            for part in parts { occupants.append(contentsOf: part!) }
            return Occupancy(occupants: occupants, absences: absences!.filter { $0.overlaps(from, to) })
        }
    }
}
