package import Foundation

/// The numbers that asked for no more SMS (`STOP`) from the practice's patient messages
/// (appointment reminders, offers of a freed slot), until they ask back or a secretary records
/// their consent.
///
/// Notify owns the list (`notify.optOuts`, `notify.optIn`) and registers an implementation in
/// `KernelHost.services`; the modules that text patients check it inside the transaction that
/// would enqueue the SMS, and record a `STOP` in the transaction that handles the reply. Urgent
/// alerts to practitioners never look at it: the list is about patient messages only.
package protocol SMSOptOuts: Sendable {
    /// Whether `phone` (E.164) opted out.
    func isOptedOut(_ phone: String, in db: any StoreConnection) throws -> Bool
    /// Records that `phone` (E.164) opted out, from `source` (`agenda` for a reply to a reminder);
    /// a number already opted out keeps its first date.
    func optOut(_ phone: String, source: String, at now: Date, in db: any StoreConnection) throws
}
