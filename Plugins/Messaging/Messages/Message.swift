import Foundation
import GRDB
import Kernel
import Practice

/// A message taken for the practice (*prise de message*): who called, about what, how to call
/// back, and by when. Messages form the callback queue until completed.
///
/// Status goes `open` → `assigned` (someone took it in charge) → `completed` (called back or
/// closed with an outcome); `reopen` brings a completed message back to `open` with a new deadline.
/// Calls from the same patient or number while a message is open share a `threadId`, and a later
/// call never moves the thread's deadline later: its `dueAt` is at most the earliest open one.
public struct Message: Sendable, Encodable, Equatable {
    public enum Category: String, Sendable, Codable, CaseIterable { case appointment, prescription, results, admin, other }
    public enum Urgency: String, Sendable, Codable, CaseIterable { case urgent, normal }
    public enum Status: String, Sendable, Codable, CaseIterable { case open, assigned, completed }
    /// How a callback ended.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// The patient was reached and the request handled.
        case calledBack
        /// A voicemail was left with what the patient needs to know.
        case leftVoicemail
        /// Nobody answered after the attempts the practice makes.
        case unreachable
        /// No callback needed any more (the patient called again, came in, cancelled).
        case noLongerNeeded
    }

    /// The caller when no patient record is given, or a proxy (a parent, a caregiver).
    public struct Caller: Sendable, Codable, Equatable {
        public var name: String?
        public var phone: String?
        public var relationship: ContactEntry.Relationship?
    }

    /// A prescription renewal request (*renouvellement d'ordonnance*).
    public struct Renewal: Sendable, Codable, Equatable {
        public struct Medication: Sendable, Codable, Equatable {
            public var name: String
            /// A treatment that must not be interrupted (insulin, anticoagulant, anti-epileptic…).
            public var essential: Bool?
        }
        public enum Stock: String, Sendable, Codable, CaseIterable { case out, runningLow, enough }
        public var medications: [Medication]
        public var stock: Stock
        public var pharmacy: String?
    }

    public var id: String
    /// Six-character reference given in SMS (`MK4T7Q`); the practitioner replies `OK MK4T7Q`.
    public var code: String
    /// `message`, `prescriptionRenewal`, or an item another module queued through the `CallbackDesk`:
    /// `triageCallback`, `undeliveredAlert`, `exhaustedChain`.
    public var kind: String
    public var status: Status
    public var takenAt: Date
    public var takenBy: String
    public var siteId: String
    public var patientId: String?
    public var caller: Caller?
    public var category: Category
    public var text: String
    public var callbackNumber: String?
    public var urgency: Urgency
    public var practitionerId: String?
    public var dueAt: Date
    /// True when not completed and the deadline has passed (set when read).
    public var overdue: Bool
    public var assignee: String?
    public var assignedAt: Date?
    public var completedAt: Date?
    public var completedBy: String?
    public var outcome: Outcome?
    public var note: String?
    public var threadId: String
    /// This call's rank when taken: the open messages of its thread, plus the calls from the patient
    /// or number nobody answered within the repeat window, plus one (1 for a first call).
    public var callCount: Int
    /// What the repeat-caller policy did (`raise-urgency`, `none`…), or `no policy`.
    public var repeatPolicy: String?
    public var repeatIncidentId: String?
    /// Where the urgent SMS went, if one was sent.
    public var smsTo: String?
    public var overdueNotifiedAt: Date?
    public var renewal: Renewal?
    /// What put the item in the queue when another module did (a triage session, an incident, a failed SMS).
    public var origin: Origin?
    /// The state of the message's urgent SMS (the latest one), read from the outbox when listed.
    public var sms: Outbox.DeliveryState?

    init(row: Row, now: Date) {
        func date(_ c: String) -> Date? { (row[c] as Double?).map(Date.init(timeIntervalSince1970:)) }
        id = row["id"]
        code = row["code"]
        kind = row["kind"]
        status = Status(rawValue: row["status"]) ?? .open
        takenAt = date("takenAt")!
        takenBy = row["takenBy"]
        siteId = row["siteId"]
        patientId = row["patientId"]
        let name: String? = row["callerName"]
        let phone: String? = row["callerPhone"]
        let relationship: String? = row["callerRelationship"]
        caller =
            name == nil && phone == nil && relationship == nil
            ? nil
            : Caller(name: name, phone: phone, relationship: relationship.flatMap(ContactEntry.Relationship.init))
        category = Category(rawValue: row["category"]) ?? .other
        text = row["text"]
        callbackNumber = row["callbackNumber"]
        urgency = Urgency(rawValue: row["urgency"]) ?? .normal
        practitionerId = row["practitionerId"]
        dueAt = date("dueAt")!
        assignee = row["assignee"]
        assignedAt = date("assignedAt")
        completedAt = date("completedAt")
        completedBy = row["completedBy"]
        outcome = (row["outcome"] as String?).flatMap(Outcome.init)
        note = row["note"]
        threadId = row["threadId"]
        callCount = row["callCount"]
        repeatPolicy = row["repeatPolicy"]
        repeatIncidentId = row["repeatIncidentId"]
        smsTo = row["smsTo"]
        overdueNotifiedAt = date("overdueNotifiedAt")
        renewal = (row["renewal"] as String?).flatMap { try? JSONDecoder().decode(Renewal.self, from: Data($0.utf8)) }
        overdue = status != .completed && now >= dueAt
    }

    init(
        id: String, code: String, kind: String, takenAt: Date, takenBy: String, siteId: String, patientId: String?,
        caller: Caller?, category: Category, text: String, callbackNumber: String?, urgency: Urgency,
        practitionerId: String?, dueAt: Date, threadId: String, callCount: Int, renewal: Renewal?
    ) {
        self.id = id
        self.code = code
        self.kind = kind
        self.status = .open
        self.takenAt = takenAt
        self.takenBy = takenBy
        self.siteId = siteId
        self.patientId = patientId
        self.caller = caller
        self.category = category
        self.text = text
        self.callbackNumber = callbackNumber
        self.urgency = urgency
        self.practitionerId = practitionerId
        self.dueAt = dueAt
        self.overdue = false
        self.threadId = threadId
        self.callCount = callCount
        self.renewal = renewal
    }
}
