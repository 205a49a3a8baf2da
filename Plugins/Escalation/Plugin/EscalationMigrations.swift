import Foundation
import GRDB
import Kernel

/// The tables of the escalation plugin (`escalation_*`): incidents with their durable step timer
/// (`nextStep`, `nextStepAt`), the notifications sent, triage sessions, and on-call overrides
/// entered over RPC.
enum EscalationMigrations {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("escalation.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE escalation_incident(
                      id TEXT PRIMARY KEY, code TEXT NOT NULL, status TEXT NOT NULL, source TEXT NOT NULL, patientId TEXT,
                      caller TEXT, reason TEXT NOT NULL, reasonKey TEXT NOT NULL, urgency TEXT NOT NULL, details TEXT,
                      practitionerId TEXT, chain TEXT NOT NULL, count INTEGER NOT NULL, raisedAt DOUBLE NOT NULL,
                      lastCallAt DOUBLE NOT NULL, nextStep INTEGER NOT NULL, nextStepAt DOUBLE, acknowledgedAt DOUBLE,
                      acknowledgedBy TEXT, acknowledgedVia TEXT, exhaustedAt DOUBLE, resolvedAt DOUBLE, resolvedBy TEXT,
                      outcome TEXT, triageSessionId TEXT);
                    CREATE INDEX escalation_incident_on_code ON escalation_incident(code);
                    CREATE INDEX escalation_incident_on_status ON escalation_incident(status);
                    CREATE INDEX escalation_incident_on_patientId ON escalation_incident(patientId);
                    CREATE INDEX escalation_incident_on_caller ON escalation_incident(caller)
                    """)
            try db.create(index: "escalation_incident_due", on: "escalation_incident", columns: ["status", "nextStepAt"])
            try db.create(table: "escalation_notification") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("incidentId", .text).notNull().indexed().references("escalation_incident")
                t.column("step", .integer).notNull()
                t.column("round", .integer).notNull()
                t.column("target", .text).notNull()
                t.column("practitionerId", .text)
                t.column("channel", .text).notNull()
                t.column("destination", .text).notNull().indexed()
                t.column("text", .text)
                t.column("outboxId", .integer).notNull()
                t.column("sentAt", .double).notNull()
            }
            try db.create(table: "escalation_triage_session") { t in
                t.column("id", .text).primaryKey()
                t.column("protocolId", .text).notNull()
                t.column("patientId", .text)
                t.column("caller", .text).notNull()
                t.column("practitionerId", .text)
                t.column("node", .text).notNull()
                t.column("answers", .text).notNull()
                t.column("status", .text).notNull()
                t.column("action", .text)
                t.column("incidentId", .text)
                t.column("callbackRequestId", .text)
                t.column("startedAt", .double).notNull()
                t.column("finishedAt", .double)
                t.column("actor", .text).notNull()
            }
            try db.create(table: "escalation_override") { t in
                t.column("id", .text).primaryKey()
                t.column("practitionerId", .text).notNull()
                t.column("fromAt", .double).notNull()
                t.column("toAt", .double).notNull()
                t.column("reason", .text)
                t.column("createdAt", .double).notNull()
                t.column("createdBy", .text).notNull()
            }
        }
        // Every table gets `practiceId` (existing rows: the database's owner); the indexes the
        // queries use start with it, so an incident code, a caller or a paged number of one practice
        // never finds another's rows.
        migrator.registerMigration("escalation.v2-practice") { db in
            for table in ["escalation_incident", "escalation_notification", "escalation_triage_session", "escalation_override"] {
                try PracticeColumn.add(to: table, in: db)
            }
            for index in [
                "escalation_incident_on_code", "escalation_incident_on_status", "escalation_incident_on_patientId",
                "escalation_incident_on_caller", "escalation_incident_due", "escalation_notification_on_incidentId",
                "escalation_notification_on_destination"
            ] {
                try db.drop(index: index)
            }
            for (name, columns) in [
                ("code", ["code"]), ("status_raised", ["status", "raisedAt"]), ("patient", ["patientId"]), ("caller", ["caller"]),
                ("due", ["status", "nextStepAt"]), ("raised", ["raisedAt"])
            ] {
                try db.create(index: "escalation_incident_practice_" + name, on: "escalation_incident", columns: ["practiceId"] + columns)
            }
            try db.create(index: "escalation_notification_practice_incident", on: "escalation_notification", columns: ["practiceId", "incidentId"])
            try db.create(
                index: "escalation_notification_practice_destination", on: "escalation_notification", columns: ["practiceId", "destination"])
            try db.create(index: "escalation_triage_session_practice_started", on: "escalation_triage_session", columns: ["practiceId", "startedAt"])
            try db.create(index: "escalation_override_practice_created", on: "escalation_override", columns: ["practiceId", "createdAt"])
        }
    }

    /// The same tables on PostgreSQL, today's schema in one step. Instants are `DOUBLE PRECISION`
    /// seconds as on SQLite; the tables the queries page or select by `rowid` carry one as an identity
    /// column, so the statements are the same on both engines.
    static func register(_ schema: inout SchemaMigrations) {
        schema.register(
            "escalation.pg1",
            sql: """
                CREATE TABLE escalation_incident(
                  rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, practiceId TEXT NOT NULL, id TEXT PRIMARY KEY, code TEXT NOT NULL,
                  status TEXT NOT NULL, source TEXT NOT NULL, patientId TEXT, caller TEXT, reason TEXT NOT NULL, reasonKey TEXT NOT NULL,
                  urgency TEXT NOT NULL, details TEXT, practitionerId TEXT, chain TEXT NOT NULL, count BIGINT NOT NULL,
                  raisedAt DOUBLE PRECISION NOT NULL, lastCallAt DOUBLE PRECISION NOT NULL, nextStep BIGINT NOT NULL,
                  nextStepAt DOUBLE PRECISION, acknowledgedAt DOUBLE PRECISION, acknowledgedBy TEXT, acknowledgedVia TEXT,
                  exhaustedAt DOUBLE PRECISION, resolvedAt DOUBLE PRECISION, resolvedBy TEXT, outcome TEXT, triageSessionId TEXT);
                CREATE INDEX escalation_incident_practice_code ON escalation_incident(practiceId, code);
                CREATE INDEX escalation_incident_practice_status_raised ON escalation_incident(practiceId, status, raisedAt);
                CREATE INDEX escalation_incident_practice_patient ON escalation_incident(practiceId, patientId);
                CREATE INDEX escalation_incident_practice_caller ON escalation_incident(practiceId, caller);
                CREATE INDEX escalation_incident_practice_due ON escalation_incident(practiceId, status, nextStepAt);
                CREATE INDEX escalation_incident_practice_raised ON escalation_incident(practiceId, raisedAt);
                CREATE TABLE escalation_notification(
                  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, practiceId TEXT NOT NULL,
                  incidentId TEXT NOT NULL REFERENCES escalation_incident(id), step BIGINT NOT NULL, round BIGINT NOT NULL,
                  target TEXT NOT NULL, practitionerId TEXT, channel TEXT NOT NULL, destination TEXT NOT NULL, text TEXT,
                  outboxId BIGINT NOT NULL, sentAt DOUBLE PRECISION NOT NULL);
                CREATE INDEX escalation_notification_practice_incident ON escalation_notification(practiceId, incidentId);
                CREATE INDEX escalation_notification_practice_destination ON escalation_notification(practiceId, destination);
                CREATE TABLE escalation_triage_session(
                  practiceId TEXT NOT NULL, id TEXT PRIMARY KEY, protocolId TEXT NOT NULL, patientId TEXT, caller TEXT NOT NULL,
                  practitionerId TEXT, node TEXT NOT NULL, answers TEXT NOT NULL, status TEXT NOT NULL, action TEXT, incidentId TEXT,
                  callbackRequestId TEXT, startedAt DOUBLE PRECISION NOT NULL, finishedAt DOUBLE PRECISION, actor TEXT NOT NULL);
                CREATE INDEX escalation_triage_session_practice_started ON escalation_triage_session(practiceId, startedAt);
                CREATE TABLE escalation_override(
                  rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, practiceId TEXT NOT NULL, id TEXT PRIMARY KEY,
                  practitionerId TEXT NOT NULL, fromAt DOUBLE PRECISION NOT NULL, toAt DOUBLE PRECISION NOT NULL, reason TEXT,
                  createdAt DOUBLE PRECISION NOT NULL, createdBy TEXT NOT NULL);
                CREATE INDEX escalation_override_practice_created ON escalation_override(practiceId, createdAt);
                """)
    }
}
