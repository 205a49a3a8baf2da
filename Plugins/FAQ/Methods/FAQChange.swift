/// Payload of the `faq.changed` event: which entry changed and how (`upserted`, `deleted`).
struct FAQChange: Encodable, Sendable {
    let id: String
    let action: String
}
