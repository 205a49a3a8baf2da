import Foundation
package import Kernel

/// Patients with the ids a test chooses, written as the Practice module stores them, in the host's
/// practice (kept when already there, as after a restart): for modules that refuse a patient their
/// practice does not have.
package enum TestPatients {
    package static func insert(_ ids: [String], into host: KernelHost) async throws {
        let practiceId = host.practiceId
        try await host.store.write { db in
            for (i, id) in ids.enumerated() {
                try db.run(
                    """
                    INSERT INTO practice_patient(practiceId, id, lastName, firstName, birthDate, phone, duplicateKey, searchText, version, createdAt,
                      updatedAt)
                    VALUES (?, ?, ?, 'Test', '1980-01-01', ?, ?, ?, 1, 0, 0) ON CONFLICT DO NOTHING
                    """,
                    [practiceId, id, "Patient\(i)", "+3361111\(String(format: "%04d", i))", "patient\(i)|test|1980-01-01", "patient\(i) test"])
            }
        }
    }
}
