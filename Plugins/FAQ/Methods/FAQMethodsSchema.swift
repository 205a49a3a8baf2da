import Kernel

/// The JSON Schemas the FAQ methods share.
enum FAQMethodsSchema {
    static let source = Schema.oneOf(["builtin", "configuration", "staff"])

    static let answer = Schema.object([
        required("entryId", .string), required("answer", .string), required("score", .number),
        required("confidence", .number, "0…1"), optional("siteId", .string), required("source", source)
    ])

    static let record = Schema.object([
        required("id", .string), required("questions", .array(.string)), required("answer", .string),
        optional("siteId", .string), required("source", source),
        required("computed", .boolean, "True when the answer is computed from the configuration and calendar.")
    ])

    static let suggestion = Schema.object([
        required("id", .string), required("entryId", .string), required("question", .string),
        required("count", .integer, "Times secretaries chose the entry for this phrasing while faq.ask did not."),
        required("firstAt", .instant), required("lastAt", .instant),
        optional("answeredNow", .string, "What faq.ask answers with confidence now; absent when it refuses.")
    ])
}
