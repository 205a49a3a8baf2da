import Kernel

/// Practice's tables on PostgreSQL (`practice.pg1`): the patient file and the contact journal, as
/// SQLite's migrations leave them; the journal carries `rowid` (its pages are ordered by it).
enum PracticeSchema {
    static func register(_ schema: inout SchemaMigrations) {
        schema.register(
            "practice.pg1",
            sql: """
                CREATE TABLE practice_patient(
                  id TEXT PRIMARY KEY, lastName TEXT NOT NULL, firstName TEXT NOT NULL, birthDate TEXT NOT NULL, phone TEXT NOT NULL,
                  email TEXT, street TEXT, postalCode TEXT, city TEXT, country TEXT, regime TEXT, mutuelle TEXT, tiersPayant BIGINT,
                  duplicateKey TEXT NOT NULL, searchText TEXT NOT NULL, version BIGINT NOT NULL, createdAt DOUBLE PRECISION NOT NULL,
                  updatedAt DOUBLE PRECISION NOT NULL, erasedAt DOUBLE PRECISION, practiceId TEXT NOT NULL DEFAULT '');
                CREATE INDEX practice_patient_practice_birthDate ON practice_patient(practiceId, birthDate);
                CREATE INDEX practice_patient_practice_phone ON practice_patient(practiceId, phone);
                CREATE INDEX practice_patient_practice_duplicateKey ON practice_patient(practiceId, duplicateKey);
                CREATE INDEX practice_patient_practice_search ON practice_patient(practiceId, searchText, id);
                CREATE TABLE practice_patient_follower(
                  patientId TEXT NOT NULL REFERENCES practice_patient(id) ON DELETE CASCADE, practitionerId TEXT NOT NULL,
                  position BIGINT NOT NULL, practiceId TEXT NOT NULL DEFAULT '', PRIMARY KEY(patientId, practitionerId));
                CREATE TABLE practice_related_person(
                  id TEXT PRIMARY KEY, patientId TEXT NOT NULL REFERENCES practice_patient(id) ON DELETE CASCADE, position BIGINT NOT NULL,
                  relationship TEXT NOT NULL, name TEXT NOT NULL, phone TEXT NOT NULL, practiceId TEXT NOT NULL DEFAULT '');
                CREATE INDEX practice_related_person_on_patientId ON practice_related_person(patientId);
                CREATE INDEX practice_related_person_practice_phone ON practice_related_person(practiceId, phone);
                CREATE TABLE practice_contact(
                  rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, id TEXT PRIMARY KEY, channel TEXT NOT NULL, direction TEXT NOT NULL,
                  patientId TEXT, callerName TEXT, callerPhone TEXT, callerRelationship TEXT, motive TEXT NOT NULL, subject TEXT,
                  offeredAt DOUBLE PRECISION NOT NULL, answeredAt DOUBLE PRECISION, endedAt DOUBLE PRECISION, abandonedAt DOUBLE PRECISION,
                  agent TEXT, outcome TEXT, notes TEXT, source TEXT NOT NULL, reference TEXT, kind TEXT, practiceId TEXT NOT NULL DEFAULT '');
                CREATE INDEX practice_contact_practice_callerPhone ON practice_contact(practiceId, callerPhone, offeredAt);
                CREATE INDEX practice_contact_practice_offeredAt ON practice_contact(practiceId, offeredAt);
                CREATE INDEX practice_contact_practice_patientId ON practice_contact(practiceId, patientId, offeredAt) WHERE patientId IS NOT NULL;
                """)
    }
}
