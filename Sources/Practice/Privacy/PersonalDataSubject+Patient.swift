import Foundation
package import Kernel

extension PersonalDataSubject {
    /// The subject for a patient of the file, read before anything is changed; nil when unknown.
    ///
    /// Phones: the patient's and their related persons', except numbers another patient (not
    /// erased) also has, which stay that patient's. Identifiers: the full name in both orders, the
    /// related persons' names, the email, and each phone as written in France (`06 12 34 56 78`,
    /// `0612345678`); single first or last names are too common to be searched on their own.
    package static func patient(_ id: String, practiceId: String, in db: any StoreConnection) throws -> PersonalDataSubject? {
        guard let p = try PatientRegistry.patient(id, practiceId: practiceId, in: db) else { return nil }
        var phones: [String] = []
        for phone in [p.phone] + p.relatedPersons.map(\.phone) where !phone.isEmpty && !phones.contains(phone) {
            if try PatientRegistry.patientIds(phone: phone, practiceId: practiceId, in: db).allSatisfy({ $0 == id }) { phones.append(phone) }
        }
        var identifiers: [String] = []
        if !p.lastName.isEmpty || !p.firstName.isEmpty {
            identifiers += ["\(p.firstName) \(p.lastName)", "\(p.lastName) \(p.firstName)"]
        }
        identifiers += p.relatedPersons.map(\.name)
        if let email = p.email { identifiers.append(email) }
        for phone in phones {
            if let national = (try? PhoneNumber(phone))?.frenchNationalFormat {
                identifiers += [national, national.replacingOccurrences(of: " ", with: ""), national.replacingOccurrences(of: " ", with: ".")]
            }
        }
        return PersonalDataSubject(patientId: id, phones: phones, identifiers: identifiers)
    }
}
