import Foundation
import Kernel

/// An event owed to the consoles by a change made for a patient's SMS or a freed slot, published
/// with its transaction.
enum PatientSMSEvent: Sendable {
    case booked(Appointment)
    case cancelled(Appointment)
    case offerSent(SlotOffer)
    case offerAnswered(SlotOffer)
    case reminderAnswered(Reminder)
    case noticeSent(Reminder)

    /// Publishes it with the transaction of `db` (`EventBus.publish(_:_:in:)`).
    func publish(on host: KernelHost, in db: any StoreConnection) throws {
        switch self {
        case .booked(let a): try host.events.publish("agenda.booked", a, in: db)
        case .cancelled(let a): try host.events.publish("agenda.cancelled", a, in: db)
        case .offerSent(let o): try host.events.publish("waitlist.offerSent", o, in: db)
        case .offerAnswered(let o): try host.events.publish("waitlist.offerAnswered", o, in: db)
        case .reminderAnswered(let r): try host.events.publish("reminders.answered", r, in: db)
        case .noticeSent(let r): try host.events.publish("reminders.noticeSent", r, in: db)
        }
    }

    static let topics = ["waitlist.offerSent", "waitlist.offerAnswered", "reminders.answered", "reminders.noticeSent"]
}
