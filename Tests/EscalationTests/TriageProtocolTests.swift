import Foundation
import Testing

@testable import Escalation

private func decode(_ json: String) throws -> TriageProtocol {
    try JSONDecoder().decode(TriageProtocol.self, from: Data(json.utf8))
}

/// A small, valid version of the example practice's `urgence` protocol.
private let urgence = #"""
    {"id": "urgence", "title": "Appel urgent", "start": "q1", "nodes": {
      "q1": {"question": "Appelez-vous au sujet d'une urgence ?", "choices": [
         {"label": "Oui", "next": "vital"}, {"label": "Non", "next": "msg"}]},
      "vital": {"question": "Douleur thoracique, difficulté à respirer, perte de connaissance ?", "choices": [
         {"label": "Oui", "next": "samu"}, {"label": "Non", "next": "attendre"}]},
      "attendre": {"question": "Cela peut-il attendre les heures d'ouverture ?", "choices": [
         {"label": "Oui", "next": "msg"}, {"label": "Non", "next": "garde"}]},
      "samu": {"outcome": {"action": "samu", "script": "Raccrochez et composez le 15 ou le 112.", "number": "15"}},
      "garde": {"outcome": {"action": "page-oncall", "script": "Le médecin de garde va vous rappeler."}},
      "msg": {"outcome": {"action": "message", "script": "Je transmets votre message.", "urgency": "normal"}}
    }}
    """#

struct BrokenCase: Sendable, CustomTestStringConvertible {
    var name: String
    var nodes: String
    var kind: TriageIssue.Kind
    var path: String
    var severity: TriageIssue.Severity = .error
    var testDescription: String { name }
}

@Suite("Triage protocols")
struct TriageProtocolTests {
    @Test("a well-formed protocol has no issues")
    func valid() throws {
        #expect(try decode(urgence).validate().isEmpty)
    }

    @Test("a cyclic protocol is rejected with the path of the choice that closes the cycle")
    func cycle() throws {
        let cyclic = try decode(
            #"""
            {"id": "boucle", "title": "Boucle", "start": "q1", "nodes": {
              "q1": {"question": "A ?", "choices": [{"label": "Oui", "next": "q2"}, {"label": "Non", "next": "fin"}]},
              "q2": {"question": "B ?", "choices": [{"label": "Oui", "next": "q1"}, {"label": "Non", "next": "fin"}]},
              "fin": {"outcome": {"action": "message", "script": "Message."}}}}
            """#)
        let issues = TriageProtocol.validate([try decode(urgence), cyclic])
        #expect(issues.map(\.path) == ["triage[1].nodes.q2.choices[0].next"])
        #expect(issues.first?.kind == .cycle)
        #expect(issues.first?.message.contains("q1 → q2 → q1") == true)
    }

    @Test("a dead-end protocol is rejected with the paths of the dead ends")
    func deadEnd() throws {
        let deadEnd = try decode(
            #"""
            {"id": "impasse", "title": "Impasse", "start": "q1", "nodes": {
              "q1": {"question": "A ?", "choices": [{"label": "Oui", "next": "q2"}]},
              "q2": {"question": "B ?"}}}
            """#)
        let issues = TriageProtocol.validate([try decode(urgence), try decode(urgence.replacingOccurrences(of: "\"urgence\"", with: "\"u2\"")), deadEnd])
        #expect(issues.filter { $0.severity == .error }.map(\.path) == ["triage[2].nodes.q1", "triage[2].nodes.q2.choices"])
        #expect(issues.allSatisfy { $0.kind == .deadEnd })
    }

    @Test(
        "each kind of problem is reported at its path",
        arguments: [
            BrokenCase(
                name: "unknown start", nodes: #""start": "nope", "nodes": {"fin": {"outcome": {"action": "message", "script": "."}}}"#,
                kind: .unknownTarget, path: "triage[0].start"),
            BrokenCase(
                name: "unknown target",
                nodes:
                    #""start": "q1", "nodes": {"q1": {"question": "?", "choices": [{"label": "Oui", "next": "fin"}, {"label": "Non", "next": "fni"}]}, "fin": {"outcome": {"action": "message", "script": "."}}}"#,
                kind: .unknownTarget, path: "triage[0].nodes.q1.choices[1].next"),
            BrokenCase(
                name: "unknown action", nodes: #""start": "fin", "nodes": {"fin": {"outcome": {"action": "fax", "script": "."}}}"#,
                kind: .unknownAction, path: "triage[0].nodes.fin.outcome.action"),
            BrokenCase(
                name: "unreachable node",
                nodes:
                    #""start": "fin", "nodes": {"fin": {"outcome": {"action": "message", "script": "."}}, "orphan": {"outcome": {"action": "message", "script": "."}}}"#,
                kind: .unreachable, path: "triage[0].nodes.orphan", severity: .warning),
            BrokenCase(
                name: "duplicate label",
                nodes:
                    #""start": "q1", "nodes": {"q1": {"question": "?", "choices": [{"label": "Oui", "next": "fin"}, {"label": " oui ", "next": "fin"}]}, "fin": {"outcome": {"action": "message", "script": "."}}}"#,
                kind: .ambiguousChoice, path: "triage[0].nodes.q1.choices[1].label"),
            BrokenCase(
                name: "transfer without number", nodes: #""start": "fin", "nodes": {"fin": {"outcome": {"action": "transfer", "script": "."}}}"#,
                kind: .missingNumber, path: "triage[0].nodes.fin.outcome.number"),
            BrokenCase(
                name: "self loop",
                nodes:
                    #""start": "q1", "nodes": {"q1": {"question": "?", "choices": [{"label": "Encore", "next": "q1"}, {"label": "Fin", "next": "fin"}]}, "fin": {"outcome": {"action": "message", "script": "."}}}"#,
                kind: .cycle, path: "triage[0].nodes.q1.choices[0].next")
        ])
    func broken(_ c: BrokenCase) throws {
        let issues = try decode(#"{"id": "t", "title": "T", "# + c.nodes + "}").validate()
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first?.kind == c.kind)
        #expect(issues.first?.path == c.path)
        #expect(issues.first?.severity == c.severity)
    }

    @Test("duplicate protocol ids are reported on the second one")
    func duplicateID() throws {
        let issues = TriageProtocol.validate([try decode(urgence), try decode(urgence)])
        #expect(issues.map(\.path) == ["triage[1].id"])
    }

    @Test("a node that is both a question and an outcome fails to decode")
    func bothQuestionAndOutcome() {
        #expect(throws: DecodingError.self) {
            try decode(
                #"{"id": "t", "title": "T", "start": "a", "nodes": {"a": {"question": "?", "choices": [], "outcome": {"action": "message", "script": "."}}}}"#)
        }
    }

    @Test("round-trips through JSON")
    func roundTrip() throws {
        let triage = try decode(urgence)
        let again = try JSONDecoder().decode(TriageProtocol.self, from: JSONEncoder().encode(triage))
        #expect(again == triage)
    }
}

@Suite("Triage walker")
struct TriageWalkerTests {
    @Test(
        "answers lead to the expected outcome",
        arguments: [
            (["Oui", "Oui"], "samu"),
            (["oui", "NON", "non"], "page-oncall"),
            (["Oui", "Non", "Oui"], "message"),
            (["Non"], "message")
        ])
    func walk(labels: [String], action: String) throws {
        var walker = try TriageWalker(try decode(urgence))
        for label in labels { try walker.answer(label: label) }
        #expect(walker.isFinished)
        #expect(walker.outcome?.action == TriageAction(rawValue: action))
        #expect(walker.answers.count == labels.count)
    }

    @Test("answers by index, goes back, and refuses bad answers without moving")
    func indexAndBack() throws {
        var walker = try TriageWalker(try decode(urgence))
        guard case .question(let id, _) = try walker.answer(0) else {
            Issue.record("expected a question")
            return
        }
        #expect(id == "vital")
        let badIndex = failure { () throws(TriageWalker.Failure) in _ = try walker.answer(5) }
        #expect(badIndex == .noSuchChoice(index: 5, count: 2))
        let badLabel = failure { () throws(TriageWalker.Failure) in _ = try walker.answer(label: "peut-être") }
        #expect(badLabel == .noSuchLabel("peut-être", expected: ["Oui", "Non"]))
        if case .question(let id, _) = walker.current { #expect(id == "vital") } else { Issue.record("a refused answer moved the walk") }
        guard case .outcome(_, let outcome) = try walker.answer(label: "Oui") else {
            Issue.record("expected an outcome")
            return
        }
        #expect(outcome.effectiveUrgency == .urgent)
        let finished = failure { () throws(TriageWalker.Failure) in _ = try walker.answer(0) }
        #expect(finished == .finished)
        let first = walker.back()
        #expect(first)
        if case .question(let id, _) = walker.current { #expect(id == "vital") } else { Issue.record("expected a question") }
        let second = walker.back()
        let third = walker.back()
        #expect(second && !third)
        #expect(walker.answers.isEmpty)
    }
}

/// Runs `body` and returns the walker failure it threw, or nil.
private func failure(_ body: () throws(TriageWalker.Failure) -> Void) -> TriageWalker.Failure? {
    do {
        try body()
        return nil
    } catch { return error }
}
