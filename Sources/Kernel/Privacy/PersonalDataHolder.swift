package import Foundation
package import JSONRPC

/// A module that holds data about patients, and answers for it in the data's lifecycle.
///
/// Each module holding patient data registers one in `KernelHost.personalData` (usually in its
/// plugin's `start`). Everything runs in the caller's transaction, so an erasure across modules
/// commits or rolls back as one.
package protocol PersonalDataHolder: Sendable {
    /// The key of this holder's part in an export (`messaging`) and in purge counts.
    var name: String { get }
    /// Everything this holder keeps about the subject (by patient id and by the subject's phone
    /// numbers), as JSON. `.null` or an empty object when it holds nothing.
    func export(_ subject: PersonalDataSubject, in db: any StoreConnection) throws -> JSONValue
    /// Anonymises the subject's rows: removes identity and free text, keeps the rows and the
    /// columns figures are computed from (times, statuses, categories, ids). Returns how many rows changed.
    func erase(_ subject: PersonalDataSubject, at now: Date, in db: any StoreConnection) throws -> Int
    /// Deletes (or empties) what is older than its retention class allows; returns counts by class
    /// (`["messages": 3]`). Classes the holder has no rows of are left out.
    func purge(_ retention: RetentionPolicy, now: Date, in db: any StoreConnection) throws -> [String: Int]
}

extension PersonalDataHolder {
    package func purge(_ retention: RetentionPolicy, now: Date, in db: any StoreConnection) throws -> [String: Int] { [:] }
}
