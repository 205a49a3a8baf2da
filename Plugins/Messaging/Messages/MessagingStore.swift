import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice

/// Messaging's tables (`messaging_message`, `messaging_origin`) and every query on them: no other
/// file of the module holds SQL. Instants are stored as UTC seconds.
enum MessagingStore {
    /// The columns a `Message` is read from (`Message(row:now:)`), in the order `insert` writes them.
    static let messageColumns = """
        id, code, kind, status, takenAt, takenBy, siteId, patientId, callerName, callerPhone, callerRelationship, category, text,
        callbackNumber, urgency, practitionerId, dueAt, assignee, assignedAt, completedAt, completedBy, outcome, note, threadId,
        callCount, repeatPolicy, repeatIncidentId, smsTo, overdueNotifiedAt, renewal
        """

    /// Registers `messaging_message` and its indexes.
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("messaging.messages") { db in
            try db.create(table: "messaging_message") { t in
                t.column("id", .text).primaryKey()
                t.column("code", .text).notNull().unique()
                t.column("kind", .text).notNull()
                t.column("status", .text).notNull()
                t.column("takenAt", .double).notNull()
                t.column("takenBy", .text).notNull()
                t.column("siteId", .text).notNull()
                t.column("patientId", .text).indexed()
                t.column("callerName", .text)
                t.column("callerPhone", .text).indexed()
                t.column("callerRelationship", .text)
                t.column("category", .text).notNull()
                t.column("text", .text).notNull()
                t.column("callbackNumber", .text).indexed()
                t.column("urgency", .text).notNull()
                t.column("practitionerId", .text).indexed()
                t.column("dueAt", .double).notNull().indexed()
                t.column("assignee", .text)
                t.column("assignedAt", .double)
                t.column("completedAt", .double)
                t.column("completedBy", .text)
                t.column("outcome", .text)
                t.column("note", .text)
                t.column("threadId", .text).notNull().indexed()
                t.column("callCount", .integer).notNull()
                t.column("repeatPolicy", .text)
                t.column("repeatIncidentId", .text)
                t.column("smsTo", .text)
                t.column("overdueNotifiedAt", .double)
                t.column("renewal", .text)
            }
            try db.create(index: "messaging_message_status_due", on: "messaging_message", columns: ["status", "dueAt"])
        }
        // One practitioner's queue in deadline order is read in index order and stops at the limit,
        // instead of sorting every message of that practitioner.
        migrator.registerMigration("messaging.v2-practitioner-due") { db in
            try db.create(index: "messaging_message_practitioner_due", on: "messaging_message", columns: ["practitionerId", "dueAt", "takenAt"])
        }
    }

    /// Registers `messaging_origin`, one row per message another module queued.
    static func migrateOrigins(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("messaging.v3-origin") { db in
            try db.create(table: "messaging_origin") { t in
                t.column("messageId", .text).primaryKey().references("messaging_message", onDelete: .cascade)
                t.column("source", .text).notNull()
                t.column("reference", .text).notNull().indexed()
            }
        }
    }

    /// Registers `messaging.v4-practice`: both tables get `practiceId` (existing rows: the database's
    /// owner); `messaging_message` is rebuilt so that a code is unique within its practice only, and
    /// every index the queries use starts with the practice.
    static func migratePractice(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("messaging.v4-practice") { db in
            try PracticeColumn.add(to: "messaging_message", in: db)
            try PracticeColumn.add(to: "messaging_origin", in: db)
            // The column constraint `code UNIQUE` cannot be dropped: the table is rebuilt, row ids kept
            // (they order the queue's ties and its cursors).
            try db.execute(
                sql: """
                    CREATE TABLE messaging_message_v4(
                      id TEXT PRIMARY KEY, practiceId TEXT NOT NULL DEFAULT '', code TEXT NOT NULL, kind TEXT NOT NULL,
                      status TEXT NOT NULL, takenAt DOUBLE NOT NULL, takenBy TEXT NOT NULL, siteId TEXT NOT NULL,
                      patientId TEXT, callerName TEXT, callerPhone TEXT, callerRelationship TEXT, category TEXT NOT NULL,
                      text TEXT NOT NULL, callbackNumber TEXT, urgency TEXT NOT NULL, practitionerId TEXT,
                      dueAt DOUBLE NOT NULL, assignee TEXT, assignedAt DOUBLE, completedAt DOUBLE, completedBy TEXT,
                      outcome TEXT, note TEXT, threadId TEXT NOT NULL, callCount INTEGER NOT NULL, repeatPolicy TEXT,
                      repeatIncidentId TEXT, smsTo TEXT, overdueNotifiedAt DOUBLE, renewal TEXT, UNIQUE(practiceId, code))
                    """)
            try db.execute(
                sql: """
                    INSERT INTO messaging_message_v4(rowid, practiceId, \(messageColumns))
                    SELECT rowid, practiceId, \(messageColumns) FROM messaging_message
                    """)
            try db.drop(table: "messaging_message")
            try db.rename(table: "messaging_message_v4", to: "messaging_message")
            for (name, columns) in [
                ("patient", ["patientId"]), ("callerPhone", ["callerPhone"]), ("callbackNumber", ["callbackNumber"]),
                ("thread", ["threadId"]), ("status_due", ["status", "dueAt"]), ("practitioner_due", ["practitionerId", "dueAt", "takenAt"])
            ] {
                try db.create(index: "messaging_message_practice_" + name, on: "messaging_message", columns: ["practiceId"] + columns)
            }
            try db.drop(index: "messaging_origin_on_reference")
            try db.create(index: "messaging_origin_practice_reference", on: "messaging_origin", columns: ["practiceId", "reference"])
        }
    }

    // MARK: - Messages

    /// The statement `insert` runs (cached by the connection).
    static let insertSQL =
        "INSERT INTO messaging_message(practiceId, \(messageColumns)) VALUES (" + Array(repeating: "?", count: 31).joined(separator: ", ") + ")"

    /// Writes a new message of the practice, every field as it stands.
    static func insert(_ m: Message, practiceId: String, in db: any StoreConnection) throws {
        let renewalJSON = try m.renewal.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try db.run(
            insertSQL,
            [
                practiceId, m.id, m.code, m.kind, m.status.rawValue, m.takenAt.timeIntervalSince1970, m.takenBy, m.siteId, m.patientId,
                m.caller?.name, m.caller?.phone, m.caller?.relationship?.rawValue, m.category.rawValue, m.text,
                m.callbackNumber, m.urgency.rawValue, m.practitionerId, m.dueAt.timeIntervalSince1970, m.assignee,
                m.assignedAt?.timeIntervalSince1970, m.completedAt?.timeIntervalSince1970, m.completedBy,
                m.outcome?.rawValue, m.note, m.threadId, m.callCount, m.repeatPolicy, m.repeatIncidentId, m.smsTo,
                m.overdueNotifiedAt?.timeIntervalSince1970, renewalJSON
            ], cached: true)
    }

    /// The practice's message with this id, or -32004 naming `messageId` (another practice's too).
    static func message(_ id: String, practiceId: String, now: Date, in db: any StoreConnection) throws -> Message {
        guard let message = try find(id, practiceId: practiceId, now: now, in: db) else {
            throw RPCError.notFound("message \"\(id)\"", field: "messageId")
        }
        return message
    }

    /// The practice's message with this id, nil when it has none.
    static func find(_ id: String, practiceId: String, now: Date, in db: any StoreConnection) throws -> Message? {
        try db.row("SELECT \(messageColumns) FROM messaging_message WHERE practiceId = ? AND id = ?", [practiceId, id])
            .map { Message(row: $0, now: now) }
    }

    /// The practice's message with this code (`MK4T7Q`), nil when it has none.
    static func message(code: String, practiceId: String, now: Date, in db: any StoreConnection) throws -> Message? {
        try db.row("SELECT \(messageColumns) FROM messaging_message WHERE practiceId = ? AND code = ?", [practiceId, code])
            .map { Message(row: $0, now: now) }
    }

    /// True when a message of the practice already has this code.
    static func codeInUse(_ code: String, practiceId: String, in db: any StoreConnection) throws -> Bool {
        try db.row("SELECT 1 FROM messaging_message WHERE practiceId = ? AND code = ?", [practiceId, code]) != nil
    }

    /// The messages of a thread, oldest first.
    static func thread(_ threadId: String, practiceId: String, now: Date, in db: any StoreConnection) throws -> [Message] {
        try db.rows(
            "SELECT \(messageColumns) FROM messaging_message WHERE practiceId = ? AND threadId = ? ORDER BY takenAt, rowid", [practiceId, threadId]
        ).map { Message(row: $0, now: now) }
    }

    /// Open messages of the same patient or from the same numbers, oldest first.
    static func openMessages(patientId: String?, phones: [String], practiceId: String, now: Date, in db: any StoreConnection) throws -> [Message] {
        try openMessages(patientIds: patientId.map { [$0] } ?? [], phones: phones, practiceId: practiceId, now: now, in: db)
    }

    /// Open messages of any of `patientIds` or from any of `phones`, oldest first, each once.
    static func openMessages(
        patientIds: [String], phones: [String], practiceId: String, now: Date, in db: any StoreConnection
    ) throws -> [Message] {
        guard let query = openMessagesQuery(patientIds: patientIds, phones: phones, practiceId: practiceId) else { return [] }
        // Cached: the statement varies only by how many patients and numbers are looked for.
        return try db.rows(query.sql, query.arguments, cached: true).map { Message(row: $0, now: now) }
    }

    /// The statement of `openMessages`: one index search per patient or number column, each on the
    /// practice's `(practiceId, column)` index, then the rows by id. `status || ''` (an expression no
    /// index holds; SQLite's `+status`, which PostgreSQL does not take for text) keeps the planner on
    /// those indexes (a few rows each); a single `practiceId = ? AND (… OR …)` would read every
    /// message of the practice through another practice-first index.
    static func openMessagesQuery(patientIds: [String], phones: [String], practiceId: String) -> (sql: String, arguments: StoreArguments)? {
        func marks(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ", ") }
        var searches: [String] = []
        var arguments: [String] = []
        func search(_ column: String, _ values: [String]) {
            searches.append(
                "SELECT rowid FROM messaging_message WHERE practiceId = ? AND \(column) IN (\(marks(values.count))) AND status || '' IN ('open', 'assigned')")
            arguments += [practiceId] + values
        }
        if !patientIds.isEmpty { search("patientId", patientIds) }
        if !phones.isEmpty {
            search("callbackNumber", phones)
            search("callerPhone", phones)
        }
        guard !searches.isEmpty else { return nil }
        return (
            """
            SELECT \(messageColumns) FROM messaging_message WHERE rowid IN (\(searches.joined(separator: " UNION ALL ")))
            ORDER BY takenAt, rowid
            """, StoreArguments(arguments)
        )
    }

    /// The open item of this kind another module queued for the same thing (`origin`), oldest first.
    static func openItem(kind: String, origin: Message.Origin, practiceId: String, now: Date, in db: any StoreConnection) throws -> Message? {
        try db.row(
            """
            SELECT \(messageColumns.split(separator: ",").map { "m." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", "))
            FROM messaging_message m JOIN messaging_origin o ON o.messageId = m.id
            WHERE o.practiceId = ?1 AND o.reference = ?4 AND o.source = ?3 AND m.practiceId = ?1 AND m.status IN ('open', 'assigned') AND m.kind = ?2
            ORDER BY m.takenAt, m.rowid LIMIT 1
            """, [practiceId, kind, origin.source, origin.reference]
        ).map { Message(row: $0, now: now) }
    }

    /// One page of `messaging.list`, alerts first then by deadline, keyed for the next cursor.
    static func page(
        status: MessagingListMethod.StatusFilter, practitionerId: String?, siteId: String?, patientId: String?, dueBefore: Date?,
        after: [PageKey]?, limit: Int, practiceId: String, now: Date, in db: any StoreConnection
    ) throws -> [(key: [PageKey], item: Message)] {
        var conditions = ["practiceId = ?"]
        var arguments: StoreArguments = [practiceId]
        switch status {
        case .pending: conditions.append("status IN ('open', 'assigned')")
        case .open: conditions.append("status = 'open'")
        case .assigned: conditions.append("status = 'assigned'")
        case .completed: conditions.append("status = 'completed'")
        case .overdue:
            conditions.append("status IN ('open', 'assigned') AND dueAt <= ?")
            arguments += [now.timeIntervalSince1970]
        case .all: break
        }
        if let id = practitionerId {
            conditions.append("practitionerId = ?")
            arguments += [id]
        }
        if let id = siteId {
            conditions.append("siteId = ?")
            arguments += [id]
        }
        if let id = patientId {
            conditions.append("patientId = ?")
            arguments += [id]
        }
        if let before = dueBefore {
            conditions.append("dueAt < ?")
            arguments += [before.timeIntervalSince1970]
        }
        // Alerts (an undelivered SMS, a chain that reached nobody) come first (rank 0), then by deadline.
        let rank = "(CASE WHEN kind IN ('undeliveredAlert', 'exhaustedChain') AND status != 'completed' THEN 0 ELSE 1 END)"
        if let after {
            conditions.append("(\(rank), dueAt, takenAt, rowid) > (?, ?, ?, ?)")
            arguments += StoreArguments(after)
        }
        arguments += [limit + 1]
        let whereClause = "WHERE " + conditions.joined(separator: " AND ")
        // Up to 201 rows of 33 columns: read in place rather than copied.
        var page: [(key: [PageKey], item: Message)] = []
        try db.forEachRow(
            """
            SELECT \(messageColumns), \(rank) AS pageRank, rowid AS pageRowid FROM messaging_message \(whereClause)
            ORDER BY pageRank, dueAt, takenAt, rowid LIMIT ?
            """, arguments, cached: false
        ) { row in
            page.append(
                (
                    key: [PageKey.int(row["pageRank"]), .real(row["dueAt"]), .real(row["takenAt"]), .int(row["pageRowid"])],
                    item: Message(row: row, now: now)
                ))
            return true
        }
        return page
    }

    // MARK: - Changes

    /// Records an assignment.
    static func assign(_ id: String, to assignee: String, at now: Date, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            "UPDATE messaging_message SET status = 'assigned', assignee = ?, assignedAt = ? WHERE practiceId = ? AND id = ?",
            [assignee, now.timeIntervalSince1970, practiceId, id])
    }

    /// Records a completion with its outcome and note.
    static func complete(
        _ id: String, at now: Date, by actor: String, outcome: Message.Outcome, note: String?, practiceId: String, in db: any StoreConnection
    ) throws {
        try db.run(
            """
            UPDATE messaging_message SET status = 'completed', completedAt = ?, completedBy = ?, outcome = ?, note = ?
            WHERE practiceId = ? AND id = ?
            """, [now.timeIntervalSince1970, actor, outcome.rawValue, note, practiceId, id])
    }

    /// Records a reopened message: its status, deadline and note; completion and overdue report cleared.
    static func reopen(_ m: Message, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            UPDATE messaging_message SET status = ?, dueAt = ?, completedAt = NULL, completedBy = NULL, outcome = NULL, note = ?,
              overdueNotifiedAt = NULL WHERE practiceId = ? AND id = ?
            """, [m.status.rawValue, m.dueAt.timeIntervalSince1970, m.note, practiceId, m.id])
    }

    /// Records what a repeat call changed: repeat policy and incident, urgency, deadline, SMS recipient.
    static func updateRepeat(_ m: Message, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            UPDATE messaging_message SET repeatPolicy = ?, repeatIncidentId = ?, urgency = ?, dueAt = ?, smsTo = ?
            WHERE practiceId = ? AND id = ?
            """,
            [
                m.repeatPolicy, m.repeatIncidentId, m.urgency.rawValue,
                m.dueAt.timeIntervalSince1970, m.smsTo, practiceId, m.id
            ])
    }

    /// Records what a joined request changed: text, urgency, deadline, practitioner, SMS recipient, overdue report.
    static func updateJoined(_ m: Message, overdueNotifiedAt: Date?, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            UPDATE messaging_message SET text = ?, urgency = ?, dueAt = ?, practitionerId = ?, smsTo = ?, overdueNotifiedAt = ?
            WHERE practiceId = ? AND id = ?
            """,
            [
                m.text, m.urgency.rawValue, m.dueAt.timeIntervalSince1970, m.practitionerId,
                m.smsTo, overdueNotifiedAt?.timeIntervalSince1970, practiceId, m.id
            ])
    }

    /// Replaces a message's prescription renewal (JSON text).
    static func updateRenewal(_ json: String, of id: String, practiceId: String, in db: any StoreConnection) throws {
        try db.run("UPDATE messaging_message SET renewal = ? WHERE practiceId = ? AND id = ?", [json, practiceId, id])
    }

    // MARK: - Overdue

    /// The earliest deadline of a pending message not reported overdue yet.
    static func nextUnreportedDue(practiceId: String, in db: any StoreConnection) throws -> Date? {
        try db.value(
            Double.self,
            """
            SELECT MIN(dueAt) FROM messaging_message WHERE practiceId = ? AND status IN ('open', 'assigned') AND overdueNotifiedAt IS NULL
            """, [practiceId]
        ).map(Date.init(timeIntervalSince1970:))
    }

    /// True when a pending message not reported yet is due at `now`.
    static func anyUnreportedDue(at now: Date, practiceId: String, in db: any StoreConnection) throws -> Bool {
        try db.value(
            Bool.self,
            """
            SELECT EXISTS(SELECT 1 FROM messaging_message
                          WHERE practiceId = ? AND status IN ('open', 'assigned') AND overdueNotifiedAt IS NULL AND dueAt <= ?)
            """, [practiceId, now.timeIntervalSince1970]) ?? false
    }

    /// Pending messages due at `now` and not reported yet, by deadline.
    static func unreportedDue(at now: Date, practiceId: String, in db: any StoreConnection) throws -> [Message] {
        try db.rows(
            """
            SELECT \(messageColumns) FROM messaging_message
            WHERE practiceId = ? AND status IN ('open', 'assigned') AND overdueNotifiedAt IS NULL AND dueAt <= ? ORDER BY dueAt
            """, [practiceId, now.timeIntervalSince1970]
        ).map { Message(row: $0, now: now) }
    }

    /// Records that a message was reported overdue; false when it already was (by another node's
    /// scan, committed meanwhile: the row lock makes the second scan see the first's mark).
    static func markOverdueReported(_ id: String, at now: Date, practiceId: String, in db: any StoreConnection) throws -> Bool {
        try db.run(
            "UPDATE messaging_message SET overdueNotifiedAt = ? WHERE practiceId = ? AND id = ? AND overdueNotifiedAt IS NULL",
            [now.timeIntervalSince1970, practiceId, id])
        return db.changedRows == 1
    }

    // MARK: - Origins

    /// Records which module and thing queued a message.
    static func insertOrigin(_ origin: Message.Origin, messageId: String, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            "INSERT INTO messaging_origin(practiceId, messageId, source, reference) VALUES (?, ?, ?, ?)",
            [practiceId, messageId, origin.source, origin.reference])
    }

    /// The origins of these messages, by message id (those without one are absent).
    static func origins(of ids: [String], practiceId: String, in db: any StoreConnection) throws -> [String: Message.Origin] {
        var origins: [String: Message.Origin] = [:]
        for start in stride(from: 0, to: ids.count, by: 900) {
            let chunk = Array(ids[start..<min(start + 900, ids.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            try db.forEachRow(
                "SELECT messageId, source, reference FROM messaging_origin WHERE practiceId = ? AND messageId IN (\(marks))",
                StoreArguments([practiceId] + chunk), cached: false
            ) { row in
                origins[row["messageId"]] = Message.Origin(source: row["source"], reference: row["reference"])
                return true
            }
        }
        return origins
    }

    // MARK: - Personal data

    /// Messages naming the patient, or whose caller, callback number or SMS recipient is one of the
    /// subject's numbers: the condition and its values.
    private static func condition(_ subject: PersonalDataSubject, practiceId: String) -> (String, [String]) {
        let phones = PersonalDataRows.phoneArguments(subject)
        let list = PersonalDataRows.placeholders(phones.count)
        return (
            "practiceId = ? AND (patientId = ? OR callerPhone IN \(list) OR callbackNumber IN \(list) OR smsTo IN \(list))",
            [practiceId, subject.patientId] + phones + phones + phones
        )
    }

    /// The subject's messages as JSON rows, oldest first.
    static func exportPersonalData(_ subject: PersonalDataSubject, practiceId: String, in db: any StoreConnection) throws -> JSONValue {
        let (sql, values) = condition(subject, practiceId: practiceId)
        return try PersonalDataRows.select(
            "SELECT \(messageColumns) FROM messaging_message WHERE \(sql) ORDER BY takenAt, rowid", StoreArguments(values), in: db)
    }

    /// Blanks the subject's caller, text, callback number, note, SMS recipient and renewal; returns the messages changed.
    static func erasePersonalData(_ subject: PersonalDataSubject, practiceId: String, in db: any StoreConnection) throws -> Int {
        let (sql, values) = condition(subject, practiceId: practiceId)
        try db.run(
            """
            UPDATE messaging_message SET callerName = NULL, callerPhone = NULL, callerRelationship = NULL, text = '',
              callbackNumber = NULL, note = NULL, smsTo = NULL, renewal = NULL WHERE \(sql)
            """, StoreArguments(values))
        return db.changedRows
    }

    /// Deletes messages completed before `cutoff`; returns how many.
    static func purgeCompleted(before cutoff: Date, practiceId: String, in db: any StoreConnection) throws -> Int {
        try db.run(
            "DELETE FROM messaging_message WHERE practiceId = ? AND status = 'completed' AND completedAt < ?", [practiceId, cutoff.timeIntervalSince1970])
        return db.changedRows
    }
}
