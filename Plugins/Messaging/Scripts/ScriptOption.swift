/// One thing the secretary can offer the caller, with the sentence to say.
public struct ScriptOption: Sendable, Encodable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Take a structured message (`messaging.take`).
        case takeMessage
        /// Ask the caller to call again when the desk opens or is less busy.
        case tryLater
        /// Walk the triage protocol for an emergency (`escalation` triage).
        case triageEmergency
    }

    public let id: Kind
    public let label: String
    /// The method that carries the option out, when there is one.
    public let method: String?
}
