import Foundation
import Kernel

/// An event owed to the consoles by a change made for a patient's SMS or a freed slot, published
/// with its transaction (`in: db`) or once it has committed.
enum PatientSMSEvent: Sendable {
    case booked(Appointment)
    case cancelled(Appointment)
    case offerSent(SlotOffer)
    case offerAnswered(SlotOffer)
    case reminderAnswered(Reminder)
    case noticeSent(Reminder)

    func publish(on host: KernelHost) {
        switch self {
        case .booked(let a): host.events.publish("agenda.booked", a)
        case .cancelled(let a): host.events.publish("agenda.cancelled", a)
        case .offerSent(let o): host.events.publish("waitlist.offerSent", o)
        case .offerAnswered(let o): host.events.publish("waitlist.offerAnswered", o)
        case .reminderAnswered(let r): host.events.publish("reminders.answered", r)
        case .noticeSent(let r): host.events.publish("reminders.noticeSent", r)
        }
    }

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
