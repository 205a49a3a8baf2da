import Kernel

/// Messaging's tables on PostgreSQL (`messaging.pg1`), as SQLite's migrations leave them; messages
/// carry `rowid` (lists and searches order and select by it).
enum MessagingSchema {
    static func register(_ schema: inout SchemaMigrations) {
        schema.register(
            "messaging.pg1",
            sql: """
                CREATE TABLE messaging_message(
                  rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, id TEXT PRIMARY KEY, practiceId TEXT NOT NULL DEFAULT '',
                  code TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, takenAt DOUBLE PRECISION NOT NULL, takenBy TEXT NOT NULL,
                  siteId TEXT NOT NULL, patientId TEXT, callerName TEXT, callerPhone TEXT, callerRelationship TEXT, category TEXT NOT NULL,
                  text TEXT NOT NULL, callbackNumber TEXT, urgency TEXT NOT NULL, practitionerId TEXT, dueAt DOUBLE PRECISION NOT NULL,
                  assignee TEXT, assignedAt DOUBLE PRECISION, completedAt DOUBLE PRECISION, completedBy TEXT, outcome TEXT, note TEXT,
                  threadId TEXT NOT NULL, callCount BIGINT NOT NULL, repeatPolicy TEXT, repeatIncidentId TEXT, smsTo TEXT,
                  overdueNotifiedAt DOUBLE PRECISION, renewal TEXT, UNIQUE(practiceId, code));
                CREATE INDEX messaging_message_practice_patient ON messaging_message(practiceId, patientId);
                CREATE INDEX messaging_message_practice_callerPhone ON messaging_message(practiceId, callerPhone);
                CREATE INDEX messaging_message_practice_callbackNumber ON messaging_message(practiceId, callbackNumber);
                CREATE INDEX messaging_message_practice_thread ON messaging_message(practiceId, threadId);
                CREATE INDEX messaging_message_practice_status_due ON messaging_message(practiceId, status, dueAt);
                CREATE INDEX messaging_message_practice_practitioner_due ON messaging_message(practiceId, practitionerId, dueAt, takenAt);
                CREATE INDEX messaging_message_practice_takenAt ON messaging_message(practiceId, takenAt);
                CREATE TABLE messaging_origin(
                  messageId TEXT PRIMARY KEY REFERENCES messaging_message(id) ON DELETE CASCADE, source TEXT NOT NULL, reference TEXT NOT NULL,
                  practiceId TEXT NOT NULL DEFAULT '');
                CREATE INDEX messaging_origin_practice_reference ON messaging_origin(practiceId, reference);
                """)
    }
}
