import Foundation
import JSONRPC
import Kernel
import Practice

/// `kpi.noShows {from, to}`: the no-show rate of the appointments that started in the period, by
/// practitioner, appointment type, lead time and whether a reminder was sent; with the reminders'
/// confirmation and cancellation rates, the slots freed and refilled from the waiting list, and
/// the SMS segments spent. Read from the agenda through `AppointmentFigures`.
struct KPINoShowsMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let from: Date
        let to: Date
    }
    let kpi: KPIContext
    static let name = "kpi.noShows"
    static let summary =
        "No-show rates (by practitioner, type, lead time, reminded or not), reminder answers, waiting-list backfill and SMS segments of a period."
    static let role = Role.secretary
    static let paramsSchema = Schema.object([required("from", .instant), required("to", .instant)])
    static let resultSchema = Schema.object([
        required(
            "noShows",
            .array(
                .object([
                    required("dimension", .oneOf(["all", "practitioner", "appointmentType", "leadTime", "reminded"])), required("key", .string),
                    required("appointments", .integer), required("noShows", .integer), optional("rate", .number, "absent without appointments")
                ]))),
        required(
            "reminders",
            .object([
                required("sent", .integer), required("confirmed", .integer), required("cancelled", .integer), required("optedOut", .integer),
                required("forwarded", .integer), required("unanswered", .integer), optional("confirmationRate", .number),
                optional("cancellationRate", .number)
            ])),
        required(
            "backfill",
            .object([
                required("slotsFreed", .integer, "appointments cancelled or moved in the period before they started"),
                required("offersSent", .integer), required("slotsRefilled", .integer, "offers accepted"),
                optional("backfillRate", .number, "slotsRefilled / slotsFreed")
            ])),
        required("sms", .object([required("messages", .integer), required("segments", .integer)]), "SMS sent to patients by the agenda")
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> AppointmentFigureSet {
        try kpi.checkPeriod(from: p.from, to: p.to, maximumDays: Double(KPIReport.maximumDays))
        guard let figures = context.host.services.resolve((any AppointmentFigures).self) else {
            throw RPCError.unprocessable(field: "from", "the agenda is not running: no appointment figures")
        }
        let now = context.now
        return try await context.store.read { db in try figures.figures(from: p.from, to: p.to, now: now, in: db) }
    }
}
