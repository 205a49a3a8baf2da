/// One thing the secretary can offer the caller, with the sentence to say.
package struct ScriptOption: Sendable, Encodable {
    package enum Kind: String, Sendable, Codable, CaseIterable {
        /// Take a structured message (`messaging.take`).
        case takeMessage
        /// Ask the caller to call again when the desk opens or is less busy.
        case tryLater
        /// Walk the triage protocol for an emergency (`escalation` triage).
        case triageEmergency
    }

    package let id: Kind
    package let label: String
    /// The method that carries the option out, when there is one.
    package let method: String?
}
