package import Foundation
package import Kernel
package import Practice

/// A message taken for the practice (*prise de message*): who called, about what, how to call
/// back, and by when. Messages form the callback queue until completed.
///
/// Status goes `open` → `assigned` (someone took it in charge) → `completed` (called back or
/// closed with an outcome); `reopen` brings a completed message back to `open` with a new deadline.
/// Calls from the same patient or number while a message is open share a `threadId`, and a later
/// call never moves the thread's deadline later: its `dueAt` is at most the earliest open one.
package struct Message: Sendable, Encodable, Equatable {
    package enum Category: String, Sendable, Codable, CaseIterable { case appointment, prescription, results, admin, other }
    package enum Urgency: String, Sendable, Codable, CaseIterable { case urgent, normal }
    package enum Status: String, Sendable, Codable, CaseIterable { case open, assigned, completed }
    /// How a callback ended.
    package enum Outcome: String, Sendable, Codable, CaseIterable {
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
    package struct Caller: Sendable, Codable, Equatable {
        package var name: String?
        package var phone: String?
        package var relationship: ContactEntry.Relationship?
    }

    /// A prescription renewal request (*renouvellement d'ordonnance*).
    package struct Renewal: Sendable, Codable, Equatable {
        package struct Medication: Sendable, Codable, Equatable {
            package var name: String
            /// A treatment that must not be interrupted (insulin, anticoagulant, anti-epileptic…).
            package var essential: Bool?
        }
        package enum Stock: String, Sendable, Codable, CaseIterable { case out, runningLow, enough }
        package var medications: [Medication]
        package var stock: Stock
        package var pharmacy: String?
    }

    package var id: String
    /// Six-character reference given in SMS (`MK4T7Q`); the practitioner replies `OK MK4T7Q`.
    package var code: String
    /// `message`, `prescriptionRenewal`, or an item another module queued through the `CallbackDesk`:
    /// `triageCallback`, `undeliveredAlert`, `exhaustedChain`.
    package var kind: String
    package var status: Status
    package var takenAt: Date
    package var takenBy: String
    package var siteId: String
    package var patientId: String?
    package var caller: Caller?
    package var category: Category
    package var text: String
    package var callbackNumber: String?
    package var urgency: Urgency
    package var practitionerId: String?
    package var dueAt: Date
    /// True when not completed and the deadline has passed (set when read).
    package var overdue: Bool
    package var assignee: String?
    package var assignedAt: Date?
    package var completedAt: Date?
    package var completedBy: String?
    package var outcome: Outcome?
    package var note: String?
    package var threadId: String
    /// This call's rank when taken: the open messages of its thread, plus the calls from the patient
    /// or number nobody answered within the repeat window, plus one (1 for a first call).
    package var callCount: Int
    /// What the repeat-caller policy did (`raise-urgency`, `none`…), or `no policy`.
    package var repeatPolicy: String?
    package var repeatIncidentId: String?
    /// Where the urgent SMS went, if one was sent.
    package var smsTo: String?
    package var overdueNotifiedAt: Date?
    package var renewal: Renewal?
    /// What put the item in the queue when another module did (a triage session, an incident, a failed SMS).
    package var origin: Origin?
    /// The state of the message's urgent SMS (the latest one), read from the outbox when listed.
    package var sms: Outbox.DeliveryState?

    init(row: StoreRow, now: Date) {
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
