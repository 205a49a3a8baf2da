import Foundation
import Kernel
import Synchronization

/// Each practitioner's occupied time (appointments by the week they start in, and absences), held in
/// memory so that a slot search runs no range query. Held by practice and practitioner: practitioner
/// ids are only unique within a practice, and the revisions are kept the same way.
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

    /// One practitioner of one practice.
    private struct PractitionerKey: Hashable, Sendable {
        let practiceId: String
        let practitionerId: String
    }

    private struct WeekKey: Hashable, Sendable {
        let practitioner: PractitionerKey
        let week: Int64
    }

    private struct Held<Value: Sendable>: Sendable {
        let revision: Int64
        let value: Value
    }

    private struct State: Sendable {
        var weeks: [WeekKey: Held<[AgendaStore.Occupant]>] = [:]
        var absences: [PractitionerKey: Held<[Absence]>] = [:]
    }

    private let state = Mutex(State())

    /// Weeks held at most; past that everything is dropped and reloaded on demand (a year of 40
    /// practitioners is about 2,100 weeks). One search loading more than that holds them all until
    /// the next one.
    let maximumWeeks: Int
    /// Called with each week a search has just reloaded, before the next: tests commit changes there.
    private let afterLoading: (@Sendable (Int64) -> Void)?

    /// Changed weeks (and absences) a search reads again on `Store.peek` at most; more go through
    /// the reader pool. A window of up to 31 days (what `findSlots` answers on the event loop)
    /// spans at most 6 weeks and the absences: it always reads on `peek`, never waits for a pool
    /// reader there.
    let weeksReadOnPeek: Int

    init(maximumWeeks: Int = 50_000, weeksReadOnPeek: Int = 8, afterLoading: (@Sendable (_ week: Int64) -> Void)? = nil) {
        self.maximumWeeks = maximumWeeks
        self.weeksReadOnPeek = weeksReadOnPeek
        self.afterLoading = afterLoading
    }

    /// Weeks held now, all practitioners together.
    var heldWeeks: Int { state.withLock { $0.weeks.count } }

    /// Occupied time of `practitionerId` of `practiceId` that can overlap `[from, to)`, current as of this call.
    ///
    /// Usually every week is held at its current revision, and the check is one indexed statement
    /// on `Store.peek`. When some changed, the revisions are read again and the changed weeks
    /// loaded in one snapshot: a reschedule from one week to another is then seen whole, never in
    /// neither week.
    func occupancy(practiceId: String, practitionerId: String, from: Date, to: Date, store: Store) throws -> Occupancy {
        let first = AgendaStore.week(from.timeIntervalSince1970 - AgendaStore.maximumBlockSeconds)
        let last = max(first, AgendaStore.week(to.timeIntervalSince1970))
        let key = PractitionerKey(practiceId: practiceId, practitionerId: practitionerId)
        let held = try store.peek { db in
            lookup(
                key, weeks: first...last,
                revisions: try AgendaStore.revisions(practitionerId: practitionerId, weeks: first...last, practiceId: practiceId, in: db))
        }
        if let complete = held.complete { return complete.within(from, to) }
        // A few weeks (a booking in the window, a month's search): on `peek`, in a transaction. Many
        // (a cold search of months): on a reader of the pool, leaving `peek` to the searches
        // answered meanwhile. A search of many practitioners holds `peek` one practitioner at a time.
        let missing = held.parts.reduce(held.absences == nil ? 1 : 0) { $0 + ($1 == nil ? 1 : 0) }
        if missing <= weeksReadOnPeek {
            return try store.peekSnapshot { db in try reload(key, weeks: first...last, from: from, to: to, in: db) }
        }
        return try store.snapshot { db in try reload(key, weeks: first...last, from: from, to: to, in: db) }
    }

    /// Reads the revisions again and loads what changed, in `db`'s one snapshot.
    private func reload(_ key: PractitionerKey, weeks: ClosedRange<Int64>, from: Date, to: Date, in db: any StoreConnection) throws -> Occupancy {
        let revisions = try AgendaStore.revisions(practitionerId: key.practitionerId, weeks: weeks, practiceId: key.practiceId, in: db)
        var found = lookup(key, weeks: weeks, revisions: revisions)
        var loaded: [(WeekKey, Held<[AgendaStore.Occupant]>)] = []
        for (offset, part) in found.parts.enumerated() where part == nil {
            let week = weeks.lowerBound + Int64(offset)
            let occupants = try AgendaStore.occupants(practitionerId: key.practitionerId, week: week, practiceId: key.practiceId, in: db)
            found.parts[offset] = occupants
            loaded.append((WeekKey(practitioner: key, week: week), Held(revision: revisions[week, default: 0], value: occupants)))
            afterLoading?(week)
        }
        if found.absences == nil {
            let all = try AgendaStore.absences(practitionerId: key.practitionerId, from: nil, to: nil, practiceId: key.practiceId, in: db)
            found.absences = all
            let revision = revisions[AgendaStore.absenceWeek, default: 0]
            state.withLock { s in
                if (s.absences[key]?.revision ?? -1) <= revision { s.absences[key] = Held(revision: revision, value: all) }
            }
        }
        if !loaded.isEmpty {
            state.withLock { s in
                if s.weeks.count + loaded.count > maximumWeeks { s.weeks.removeAll(keepingCapacity: true) }
                // A slower search may bring an older revision back: keep the newer one.
                for (key, held) in loaded where (s.weeks[key]?.revision ?? -1) <= held.revision { s.weeks[key] = held }
            }
        }
        return found.complete!.within(from, to)
    }

    /// What the cache holds of `weeks` and the absences at the given revisions; nil where it holds
    /// nothing current.
    private struct Found {
        var parts: [[AgendaStore.Occupant]?]
        var absences: [Absence]?

        /// Everything, when every part is held.
        var complete: Occupancy? {
            guard let absences, !parts.contains(where: { $0 == nil }) else { return nil }
            var occupants: [AgendaStore.Occupant] = []
            occupants.reserveCapacity(parts.reduce(0) { $0 + ($1?.count ?? 0) })
            for part in parts { occupants.append(contentsOf: part!) }
            return Occupancy(occupants: occupants, absences: absences)
        }
    }

    private func lookup(_ key: PractitionerKey, weeks: ClosedRange<Int64>, revisions: [Int64: Int64]) -> Found {
        state.withLock { s in
            var parts: [[AgendaStore.Occupant]?] = []
            parts.reserveCapacity(weeks.count)
            for week in weeks {
                let held = s.weeks[WeekKey(practitioner: key, week: week)]
                parts.append(held.flatMap { $0.revision == revisions[week, default: 0] ? $0.value : nil })
            }
            let absences = s.absences[key].flatMap { $0.revision == revisions[AgendaStore.absenceWeek, default: 0] ? $0.value : nil }
            return Found(parts: parts, absences: absences)
        }
    }
}

extension OccupancyCache.Occupancy {
    /// The same, with only the absences overlapping `[from, to)`.
    func within(_ from: Date, _ to: Date) -> Self {
        Self(occupants: occupants, absences: absences.filter { $0.overlaps(from, to) })
    }
}
