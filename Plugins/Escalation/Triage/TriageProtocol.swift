import Foundation

/// A triage protocol: a decision tree the secretary walks with a caller, from `start` through
/// questions to exactly one outcome (call the SAMU, page the practitioner on call, take a
/// message…).
///
/// Configuration shape (`triage:` is a list of these):
/// ```yaml
/// - id: urgence
///   title: Appel urgent
///   start: q1
///   nodes:
///     q1:
///       question: "Appelez-vous au sujet d'une urgence ?"
///       choices:
///         - {label: Oui, next: q2}
///         - {label: Non, next: fin}
///     fin:
///       outcome: {action: message, script: "Je prends votre message.", urgency: normal}
/// ```
///
/// Decoding only checks the shape of each node (a node is a question *or* an outcome). Every
/// rule about the graph as a whole — unknown targets, dead ends, cycles, unreachable nodes,
/// unknown actions — is reported by ``validate(index:)`` with a path, so that a practice
/// manager sees all the problems at once instead of the first decoding error.
package struct TriageProtocol: Codable, Sendable, Hashable {
    /// Stable identifier, unique among the practice's protocols (`urgence`, `renouvellement`).
    package var id: String
    /// Title shown to the secretary when choosing a protocol.
    package var title: String
    /// Id of the first node.
    package var start: String
    /// Nodes by id. Ids are free strings; `[A-Za-z0-9_-]+` keeps error paths readable.
    package var nodes: [String: TriageNode]
    /// What its callback outcomes put in the callback queue: `triageCallback` (default) or
    /// `prescriptionRenewal` — a renewal protocol's `message` and `urgent-sms` outcomes become (or
    /// join) the patient's one renewal request, the same as `messaging.prescriptionRenewal`.
    package var callbackKind: CallbackKind?

    /// The queue item kinds a protocol's outcomes can create.
    package enum CallbackKind: String, Codable, Sendable, Hashable, CaseIterable {
        case triageCallback, prescriptionRenewal
    }

    package init(id: String, title: String, start: String, nodes: [String: TriageNode], callbackKind: CallbackKind? = nil) {
        self.id = id
        self.title = title
        self.start = start
        self.nodes = nodes
        self.callbackKind = callbackKind
    }

    /// Whether its callbacks are prescription renewals.
    package var isRenewal: Bool { callbackKind == .prescriptionRenewal }

    /// The node ids in a stable order (sorted), so that reports and listings are deterministic.
    package var sortedNodeIDs: [String] { nodes.keys.sorted() }
}
