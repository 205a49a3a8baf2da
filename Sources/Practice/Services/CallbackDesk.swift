package import Foundation
package import Kernel

/// The secretaries' callback queue as other modules see it: every promise made to a caller
/// ("le cabinet vous rappellera", "le Dr Roux vous rappellera avant 13 h 40") and every delivery
/// that failed becomes an item of that one queue, with an owner and a deadline.
///
/// Messaging owns the queue and registers an implementation in `KernelHost.services`; Escalation
/// (triage callbacks, renewals, exhausted chains) puts items in it without importing Messaging.
/// `enqueue` runs inside the caller's write transaction, so the promise and its queue item commit
/// together. The desk publishes `messaging.received` for a new item (`messaging.urgencyRaised` for
/// an item a request made urgent) itself, once that transaction has committed, and never for a
/// transaction rolled back: callers have nothing to publish.
package protocol CallbackDesk: Sendable {
    func enqueue(_ request: CallbackRequest, actor: String, now: Date, in db: any StoreConnection) throws -> QueuedCallback
}
