import Foundation

/// Walks a ``TriageProtocol`` with a caller: shows the current question, takes an answer by
/// index or label, and stops at an outcome. Keeps the answers given so that the message or
/// incident it ends in can record how the decision was reached.
///
/// The walker only needs the nodes it visits to exist; use it on protocols that passed
/// ``TriageProtocol/validate(index:)`` without errors to be sure every walk ends in an outcome.
package struct TriageWalker: Sendable {
    /// Where the walk stands.
    package enum Step: Sendable, Hashable {
        /// A question to ask; `id` is its node id.
        case question(id: String, TriageQuestion)
        /// The walk is over.
        case outcome(id: String, TriageOutcome)
    }

    /// One answer given during the walk.
    package struct Answer: Sendable, Hashable {
        package var nodeID: String
        package var question: String
        package var choiceIndex: Int
        package var label: String
    }

    /// Why an answer was refused. The walk does not move.
    package enum Failure: Error, Sendable, Hashable {
        /// The walk already reached an outcome.
        case finished
        /// The choice index is outside the question's choices.
        case noSuchChoice(index: Int, count: Int)
        /// No choice has this label (ignoring case and accents).
        case noSuchLabel(String, expected: [String])
        /// The protocol names a node that does not exist (it was not validated).
        case unknownNode(String)
    }

    package let triage: TriageProtocol
    /// The current step.
    package private(set) var current: Step
    /// Answers given so far, in order.
    package private(set) var answers: [Answer] = []
    private var visited: [Step] = []

    /// Starts a walk at the protocol's `start` node.
    package init(_ triage: TriageProtocol) throws(Failure) {
        self.triage = triage
        self.current = try Self.step(triage, triage.start)
    }

    /// The outcome, once the walk is finished.
    package var outcome: TriageOutcome? {
        if case .outcome(_, let outcome) = current { return outcome }
        return nil
    }

    /// Whether the walk reached an outcome.
    package var isFinished: Bool { outcome != nil }

    /// Answers the current question with the choice at `index` (0-based) and returns the new step.
    @discardableResult
    package mutating func answer(_ index: Int) throws(Failure) -> Step {
        guard case .question(let id, let question) = current else { throw .finished }
        guard question.choices.indices.contains(index) else {
            throw .noSuchChoice(index: index, count: question.choices.count)
        }
        let choice = question.choices[index]
        let next = try Self.step(triage, choice.next)
        answers.append(Answer(nodeID: id, question: question.question, choiceIndex: index, label: choice.label))
        visited.append(current)
        current = next
        return next
    }

    /// Answers the current question with the choice whose label matches `label`, ignoring case,
    /// accents and surrounding spaces (`"oui"` selects `Oui`).
    @discardableResult
    package mutating func answer(label: String) throws(Failure) -> Step {
        guard case .question(_, let question) = current else { throw .finished }
        let key = TriageChoice.matchKey(label)
        guard let index = question.choices.firstIndex(where: { $0.matchKey == key }) else {
            throw .noSuchLabel(label, expected: question.choices.map(\.label))
        }
        return try answer(index)
    }

    /// Goes back one question (the caller corrects an answer). Returns false at the start.
    @discardableResult
    package mutating func back() -> Bool {
        guard let previous = visited.popLast() else { return false }
        answers.removeLast()
        current = previous
        return true
    }

    private static func step(_ triage: TriageProtocol, _ id: String) throws(Failure) -> Step {
        switch triage.nodes[id] {
        case .question(let question): .question(id: id, question)
        case .outcome(let outcome): .outcome(id: id, outcome)
        case nil: throw .unknownNode(id)
        }
    }
}
