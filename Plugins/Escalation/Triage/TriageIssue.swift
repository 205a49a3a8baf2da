import Foundation

/// One problem found by ``TriageProtocol/validate(index:)``: where it is, what it is, how bad.
package struct TriageIssue: Sendable, Hashable, CustomStringConvertible {
    /// Whether the protocol can be used despite the issue.
    package enum Severity: String, Sendable, Hashable {
        /// The configuration is rejected.
        case error
        /// Reported, but the protocol still loads (for instance an unreachable node).
        case warning
    }

    /// The kind of problem, for programs; ``message`` is for people.
    package enum Kind: String, Sendable, Hashable {
        /// `start` or a choice's `next` names no node of the protocol.
        case unknownTarget
        /// A question without choices, or a reachable node from which no outcome can be reached.
        case deadEnd
        /// A choice leads back to a node already on the current path (reachable from `start`).
        case cycle
        /// No path from `start` leads to the node.
        case unreachable
        /// An outcome's action is not one of ``TriageAction/known``.
        case unknownAction
        /// Two choices of one question have the same label (ignoring case and accents), or a label is empty.
        case ambiguousChoice
        /// A `transfer` outcome without a `number`.
        case missingNumber
        /// Two protocols share an id.
        case duplicateID
        /// A `vital: true` answer from which some path ends at an outcome other than `samu`.
        case vitalNotEmergency
    }

    package var severity: Severity
    package var kind: Kind
    /// Configuration path, e.g. `triage[1].nodes.q2.choices[0].next`.
    package var path: String
    /// Human-readable explanation (English, like every validation message).
    package var message: String

    package init(_ severity: Severity, _ kind: Kind, path: String, message: String) {
        self.severity = severity
        self.kind = kind
        self.path = path
        self.message = message
    }

    package var description: String { "\(path): \(severity.rawValue): \(message)" }
}
