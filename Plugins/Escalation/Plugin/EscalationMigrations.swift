import Foundation
import GRDB

/// The tables of the escalation plugin (`escalation_*`): incidents with their durable step timer
/// (`nextStep`, `nextStepAt`), the notifications sent, triage sessions, and on-call overrides
/// entered over RPC.
enum EscalationMigrations {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("escalation.v1") { db in
            try db.create(table: "escalation_incident") { t in
                t.column("id", .text).primaryKey()
                t.column("code", .text).notNull().indexed()
                t.column("status", .text).notNull().indexed()
                t.column("source", .text).notNull()
                t.column("patientId", .text).indexed()
                t.column("caller", .text).indexed()
                t.column("reason", .text).notNull()
                t.column("reasonKey", .text).notNull()
                t.column("urgency", .text).notNull()
                t.column("details", .text)
                t.column("practitionerId", .text)
                t.column("chain", .text).notNull()
                t.column("count", .integer).notNull()
                t.column("raisedAt", .double).notNull()
                t.column("lastCallAt", .double).notNull()
                t.column("nextStep", .integer).notNull()
                t.column("nextStepAt", .double)
                t.column("acknowledgedAt", .double)
                t.column("acknowledgedBy", .text)
                t.column("acknowledgedVia", .text)
                t.column("exhaustedAt", .double)
                t.column("resolvedAt", .double)
                t.column("resolvedBy", .text)
                t.column("outcome", .text)
                t.column("triageSessionId", .text)
            }
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
    }
}
