package import Foundation
import JSONRPC
package import Kernel
package import Practice

/// What every KPI method needs: the settings, the practice, and the checks that turn bad input
/// into JSON-RPC errors naming the field (the computations themselves `precondition` on their inputs).
package struct KPIContext: Sendable {
    package let settings: KPISettings
    package let directory: PracticeDirectory

    package init(settings: KPISettings, directory: PracticeDirectory) {
        self.settings = settings
        self.directory = directory
    }

    /// Longest period an indicator is computed over.
    package static let maximumPeriodDays = 1100.0

    /// Checks `from < to` and the period length.
    package func checkPeriod(from: Date, to: Date, maximumDays: Double = KPIContext.maximumPeriodDays) throws {
        guard to > from else { throw RPCError.unprocessable(field: "to", "must be after from") }
        guard to.timeIntervalSince(from) <= maximumDays * 86_400 else {
            throw RPCError.unprocessable(field: "to", "the period may not exceed \(Int(maximumDays)) days")
        }
    }

    /// Checks the filter's site and practitioner ids; a pool of several practices has no common
    /// sites or practitioners, so it takes neither (-32022 naming the field).
    package func checkFilter(_ f: KPIFilter, pool: [String] = []) throws {
        if pool.count > 1, f.site != nil || f.practitioner != nil {
            throw RPCError.unprocessable(
                field: f.site != nil ? "site" : "practitioner", "applies to one practice; this call covers \(pool.count) practices (give practiceId)")
        }
        if let s = f.site { _ = try directory.site(s, field: "site") }
        if let p = f.practitioner { _ = try directory.practitioner(p, field: "practitioner") }
    }

    package func interval(_ minutes: Int?, field: String = "intervalMinutes") throws -> Int {
        let m = minutes ?? settings.intervalMinutes
        guard KPISettings.isValidInterval(m) else { throw RPCError.invalidParams(field: field, "must divide a day and lie between 5 and 240 minutes") }
        return m
    }

    package func fraction(_ v: Double?, default d: Double, field: String, allowZero: Bool = false, allowOne: Bool = false) throws -> Double {
        let x = v ?? d
        let ok = (allowZero ? x >= 0 : x > 0) && (allowOne ? x <= 1 : x < 1)
        guard x.isFinite, ok else {
            throw RPCError.invalidParams(field: field, "must be \(allowZero ? "at least 0" : "above 0") and \(allowOne ? "at most 1" : "below 1")")
        }
        return x
    }

    package func seconds(_ v: Double?, default d: Double?, field: String, positive: Bool, maximum: Double = 86_400) throws -> Double {
        guard let x = v ?? d else { throw RPCError.invalidParams(field: field, "is required") }
        guard x.isFinite, positive ? x > 0 : x >= 0, x <= maximum else {
            throw RPCError.invalidParams(field: field, "must be \(positive ? "above" : "at least") 0 and at most \(Int(maximum)) seconds")
        }
        return x
    }

    /// The instant a local interval starts (the next valid instant when the clock skips it).
    package func instant(_ key: IntervalKey) -> Date {
        LocalDateTime(key.date, LocalTime(minutesSinceMidnight: key.minuteOfDay)!).instantOrNextValid(in: directory.timeZone)
    }

    /// `HH:mm` of an interval.
    package func time(_ key: IntervalKey) -> String { LocalTime(minutesSinceMidnight: key.minuteOfDay)!.description }

    /// Today's local date.
    package func today(_ now: Date) -> LocalDate { LocalDate(now, in: directory.timeZone) }

    /// The contacts of a period of the practices `practiceIds` (one, or a pool; see ``KPIDataset``).
    package func dataset(from: Date, to: Date, filter: KPIFilter = KPIFilter(), practiceIds: [String], store: Store) async throws -> KPIDataset {
        try await KPIDataset.load(from: from, to: to, filter: filter, settings: settings, directory: directory, practiceIds: practiceIds, store: store)
    }

    /// Mean talk time of the calls of `practiceIds` answered in the 12 weeks before `now`, if any (the AHT staffing uses by default).
    package func historicalAHT(now: Date, practiceIds: [String], store: Store) async throws -> Double? {
        let d = try await dataset(from: now.addingTimeInterval(-84 * 86_400), to: now, practiceIds: practiceIds, store: store)
        return CallIndicators(records: d.calls).averageTalkSeconds.flatMap { $0 > 0 ? $0 : nil }
    }
}
