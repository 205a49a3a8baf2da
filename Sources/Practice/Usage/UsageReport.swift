package import Foundation
package import Kernel

/// The billing figures of a pool of practices over a period (`usage.report`): one line per
/// practice, in the pool's order, and their total.
///
/// Every module's figures come from its ``UsageSource`` (``UsageSources`` in each practice's
/// `KernelHost.services`): the sources of every practice in the pool are asked once each (by
/// module), with the whole pool, in one read transaction, so the lines and the total are of one
/// state of the store. A module disabled for every practice of the pool counts nothing.
package struct UsageReport: Sendable, Equatable {
    /// One practice's figures (or the total's, without practice).
    package struct Line: Sendable, Equatable, Encodable {
        /// Nil on the total.
        package var practiceId: String?
        /// The practice's name (`practice.name`); nil on the total.
        package var name: String?
        package var callsOffered: Int
        package var callsAnswered: Int
        /// Talk time of the answered calls, whole seconds.
        package var talkSeconds: Int
        /// The same in minutes, to the hundredth.
        package var talkMinutes: Double
        package var messagesTaken: Int
        package var appointmentsBooked: Int
        package var smsSent: Int
        package var smsSegments: Int
        package var webhooksDelivered: Int

        init(practiceId: String?, name: String?, counts c: UsageCounts) {
            self.practiceId = practiceId
            self.name = name
            callsOffered = c.callsOffered
            callsAnswered = c.callsAnswered
            talkSeconds = Int(c.talkSeconds.rounded())
            talkMinutes = (c.talkSeconds / 60 * 100).rounded() / 100
            messagesTaken = c.messagesTaken
            appointmentsBooked = c.appointmentsBooked
            smsSent = c.smsSent
            smsSegments = c.smsSegments
            webhooksDelivered = c.webhooksDelivered
        }
    }

    package var practices: [Line]
    package var total: Line

    /// Reads the figures of `pool` (practice id and name, in order) over `[from, to)` from `sources`.
    package static func build(
        pool: [(id: String, name: String)], from: Date, to: Date, sources: [any UsageSource], store: Store
    ) async throws -> UsageReport {
        let ids = pool.map(\.id)
        let counts = try await store.read { db in
            var counts: [String: UsageCounts] = [:]
            for source in sources {
                for (practiceId, c) in try source.usage(practiceIds: ids, from: from, to: to, in: db) where ids.contains(practiceId) {
                    counts[practiceId] = (counts[practiceId] ?? UsageCounts()) + c
                }
            }
            return counts
        }
        let lines = pool.map { Line(practiceId: $0.id, name: $0.name, counts: counts[$0.id] ?? UsageCounts()) }
        var total = ids.reduce(UsageCounts()) { $0 + (counts[$1] ?? UsageCounts()) }
        // The lines' whole seconds added up, so that the total is the sum of what each practice is billed.
        total.talkSeconds = Double(lines.reduce(0) { $0 + $1.talkSeconds })
        return UsageReport(practices: lines, total: Line(practiceId: nil, name: nil, counts: total))
    }

    /// The CSV columns, in order.
    package static let csvColumns = [
        "practice_id", "name", "calls_offered", "calls_answered", "talk_seconds", "talk_minutes", "messages_taken", "appointments_booked",
        "sms_sent", "sms_segments", "webhooks_delivered"
    ]

    /// The report as CSV (RFC 4180: a header line, `,` separators, fields quoted when they hold a
    /// comma, a quote or a line break, CRLF line ends, `.` decimals): one line per practice, then the
    /// total, whose `practice_id` is empty and `name` is `Total`.
    package var csv: String {
        func fields(_ l: Line) -> [String] {
            [
                l.practiceId ?? "", l.name ?? "Total", "\(l.callsOffered)", "\(l.callsAnswered)", "\(l.talkSeconds)",
                String(format: "%.2f", l.talkMinutes), "\(l.messagesTaken)", "\(l.appointmentsBooked)", "\(l.smsSent)",
                "\(l.smsSegments)", "\(l.webhooksDelivered)"
            ]
        }
        let rows = [Self.csvColumns] + practices.map(fields) + [fields(total)]
        return rows.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// `s` as one RFC 4180 field.
    package static func csvField(_ s: String) -> String {
        // Scalars, not characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
