/// Where an entry of the knowledge base comes from. Staff edits win over the configuration file;
/// built-in entries are computed and cannot be edited.
package enum FAQSource: String, Sendable, Codable {
    /// Computed from the configuration and the calendar (`BuiltInTopic`).
    case builtIn = "builtin"
    /// The `faq` section of the configuration file.
    case configuration
    /// Written by the practice's staff through `faq.upsert`.
    case staff
}
