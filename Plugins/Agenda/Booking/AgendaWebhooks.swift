import Foundation
import JSONRPC
import Kernel

/// What the practice's own software hears of its agenda by webhook: `agenda.booked`,
/// `agenda.cancelled` and `agenda.rescheduled`, put in the outbox in the same transaction as the
/// change (so a booking is never committed without its webhook, nor the other way round).
///
/// The data is the appointment (for a reschedule, `{from, to}`) without what stays in the agenda:
/// the secretary's notes and the caller's idempotency key. A webhook no endpoint of the practice
/// receives is not written (`KernelHost.receivesWebhook`).
enum AgendaWebhooks {
    static let booked = "agenda.booked"
    static let cancelled = "agenda.cancelled"
    static let rescheduled = "agenda.rescheduled"

    /// `agenda.booked` or `agenda.cancelled` for `appointment`.
    static func enqueue(
        _ event: String, _ appointment: Appointment, at now: Date, host: KernelHost, practiceId: String, in db: any StoreConnection
    ) throws {
        guard host.receivesWebhook(event) else { return }
        let encoder = host.encoder
        try Outbox.enqueue(
            .webhook(
                event, data: encoder.value(exported(appointment)), at: now, timeZone: encoder.timeZone,
                reference: appointment.id), practiceId: practiceId, in: db, now: now)
    }

    /// `agenda.rescheduled`: the appointment cancelled and the one that replaces it.
    static func enqueueMove(
        from: Appointment, to: Appointment, at now: Date, host: KernelHost, practiceId: String, in db: any StoreConnection
    ) throws {
        guard host.receivesWebhook(rescheduled) else { return }
        let encoder = host.encoder
        let data: JSONValue = ["from": try encoder.value(exported(from)), "to": try encoder.value(exported(to))]
        try Outbox.enqueue(.webhook(rescheduled, data: data, at: now, timeZone: encoder.timeZone, reference: to.id), practiceId: practiceId, in: db, now: now)
    }

    static func exported(_ appointment: Appointment) -> Appointment {
        var a = appointment
        a.notes = nil
        a.idempotencyKey = nil
        return a
    }
}
