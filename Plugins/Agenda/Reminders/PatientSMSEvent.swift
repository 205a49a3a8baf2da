import Foundation
import Kernel

/// An event owed to the consoles by a change made for a patient's SMS or a freed slot, published
/// once its transaction has committed.
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

    static let topics = ["waitlist.offerSent", "waitlist.offerAnswered", "reminders.answered", "reminders.noticeSent"]
}
