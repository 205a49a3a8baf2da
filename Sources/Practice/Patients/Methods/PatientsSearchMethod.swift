import Foundation
import JSONRPC
import Kernel

/// `patients.search`: patients by name words (insensitive to case, accents and hyphens; each word
/// a prefix of a name word), birth date and/or phone (the patient's or a related person's).
/// Every given criterion must match; at least one is required.
struct PatientsSearchMethod: RPCMethod {
    typealias Params = PagedParams<Filters>
    struct Filters: Decodable, Sendable {
        let text: String?
        let birthDate: LocalDate?
        let phone: PhoneNumber?
    }
    struct Result: Encodable, Sendable {
        let patients: [Patient]
        /// True when more patients matched than `limit`: `nextCursor` gives the next page.
        let truncated: Bool
        let nextCursor: String?
    }

    static let name = "patients.search"
    static let summary = "Finds patients by name words (case, accents and hyphens ignored), birth date and phone."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static let defaultLimit = 20
    static let maximumLimit = 200
    /// Search text is short: a few words of a name. Both bounds keep every query a handful of
    /// bounded `LIKE` terms, far from SQLite's pattern and expression limits.
    static let maximumTextLength = 200
    static let maximumWords = 8
    static var paramsSchema: Schema {
        .object(
            [
                optional(
                    "text", .text(maximumTextLength),
                    "Words of the last and first names, in any order: \"helene lefevre\"; at most \(maximumWords) words"),
                optional("birthDate", .date), optional("phone", PatientSchemas.phoneInput, "Any French or international form")
            ] + PageCursor.paramsFields(standard: defaultLimit, maximum: maximumLimit))
    }
    static var resultSchema: Schema {
        .object([required("patients", .array(PatientSchemas.patient)), required("truncated", .boolean), PageCursor.nextCursorField])
    }

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let practiceId = context.practiceId
        let words = TextFolding.tokens(p.text ?? "")
        guard words.count <= Self.maximumWords else {
            throw RPCError.invalidParams(field: "text", "has \(words.count) words; at most \(Self.maximumWords)")
        }
        guard !words.isEmpty || p.birthDate != nil || p.phone != nil else {
            throw RPCError.invalidParams(field: "text", "give at least one of text (with a letter or digit), birthDate or phone")
        }
        let limit = try p.pageSize(standard: Self.defaultLimit, maximum: Self.maximumLimit)
        let after = try p.after([.text, .text])
        let birthDate = p.birthDate
        let phone = p.phone?.e164
        let found = try await context.store.read { db in
            try PracticeStore.search(words: words, birthDate: birthDate, phone: phone, after: after, limit: limit, practiceId: practiceId, in: db)
        }
        return Result(
            patients: found.patients, truncated: found.more,
            nextCursor: found.more ? found.last.map(PageCursor.encode) : nil)
    }
}
