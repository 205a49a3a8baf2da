import Kernel

/// KPI's table on PostgreSQL (`kpi.pg1`): the call records, keyed as on SQLite by practice, offered
/// second and dedup key.
enum KPISchema {
    static func register(_ schema: inout SchemaMigrations) {
        schema.register(
            "kpi.pg1",
            sql: """
                CREATE TABLE kpi_call(
                  practiceId TEXT NOT NULL DEFAULT '', offeredSecond BIGINT NOT NULL, dedupKey TEXT NOT NULL, callId TEXT NOT NULL,
                  queue TEXT NOT NULL, channel TEXT, motive TEXT, offeredAt DOUBLE PRECISION NOT NULL, answeredAt DOUBLE PRECISION,
                  endedAt DOUBLE PRECISION, abandonedAt DOUBLE PRECISION, waitSeconds DOUBLE PRECISION NOT NULL, talkSeconds DOUBLE PRECISION,
                  agent TEXT, outcome TEXT NOT NULL, ringNoAnswerCount BIGINT NOT NULL, importedAt DOUBLE PRECISION NOT NULL,
                  PRIMARY KEY(practiceId, offeredSecond, dedupKey));
                """)
    }
}
