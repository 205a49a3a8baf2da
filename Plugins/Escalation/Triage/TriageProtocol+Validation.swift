import Foundation

extension TriageProtocol {
    /// Checks the protocol as a graph and returns every problem, errors first in path order.
    ///
    /// Paths start at `triage[index]` so that they point into the configuration file:
    /// - `triage[i].start` / `triage[i].nodes.<id>.choices[k].next` — **unknown target**;
    /// - `triage[i].nodes.<id>.choices` — **dead end**: a question with no choices;
    /// - `triage[i].nodes.<id>` — **dead end**: reachable, but no outcome can be reached from it;
    /// - `triage[i].nodes.<id>.choices[k].next` — **cycle**: the choice goes back to a node on the
    ///   current path from `start` (only reachable cycles are reported, once per closing choice);
    /// - `triage[i].nodes.<id>` — **unreachable** (warning; not repeated when `start` is unknown);
    /// - `triage[i].nodes.<id>.outcome.action` — **unknown action**;
    /// - `triage[i].nodes.<id>.choices[k].label` — empty or duplicate label;
    /// - `triage[i].nodes.<id>.outcome.number` — `transfer` without a number;
    /// - `triage[i].nodes.<id>.choices[k].vital` — a vital answer with a path ending elsewhere than `samu`.
    ///
    /// A protocol with no issue of severity ``TriageIssue/Severity/error`` always ends in an
    /// outcome, whatever the answers: ``TriageWalker`` relies on it.
    package func validate(index: Int = 0) -> [TriageIssue] {
        let root = "triage[\(index)]"
        var issues: [TriageIssue] = []
        func nodePath(_ id: String) -> String { "\(root).nodes.\(id)" }

        if nodes[start] == nil {
            issues.append(
                .init(
                    .error, .unknownTarget, path: "\(root).start",
                    message: "start node '\(start)' does not exist\(Self.knownList(nodes.keys))"))
        }

        // Local checks, node by node.
        for id in sortedNodeIDs {
            switch nodes[id]! {
            case .question(let question):
                if question.choices.isEmpty {
                    issues.append(
                        .init(
                            .error, .deadEnd, path: "\(nodePath(id)).choices",
                            message: "question '\(id)' has no choices: the walk would stop without an outcome"))
                }
                var seenLabels: [String: Int] = [:]
                for (k, choice) in question.choices.enumerated() {
                    let choicePath = "\(nodePath(id)).choices[\(k)]"
                    if nodes[choice.next] == nil {
                        issues.append(
                            .init(
                                .error, .unknownTarget, path: "\(choicePath).next",
                                message: "choice '\(choice.label)' leads to unknown node '\(choice.next)'\(Self.knownList(nodes.keys))"))
                    }
                    let key = choice.matchKey
                    if key.isEmpty {
                        issues.append(.init(.error, .ambiguousChoice, path: "\(choicePath).label", message: "empty label"))
                    } else if let first = seenLabels[key] {
                        issues.append(
                            .init(
                                .error, .ambiguousChoice, path: "\(choicePath).label",
                                message: "label '\(choice.label)' repeats choices[\(first)]"))
                    } else {
                        seenLabels[key] = k
                    }
                }
            case .outcome(let outcome):
                if !outcome.action.isKnown {
                    let known = TriageAction.known.map(\.rawValue).sorted().joined(separator: ", ")
                    issues.append(
                        .init(
                            .error, .unknownAction, path: "\(nodePath(id)).outcome.action",
                            message: "unknown action '\(outcome.action.rawValue)' (expected one of: \(known))"))
                }
                if outcome.action == .transfer, (outcome.number ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                    issues.append(
                        .init(
                            .error, .missingNumber, path: "\(nodePath(id)).outcome.number",
                            message: "a transfer outcome needs the number to transfer to"))
                }
            }
        }

        // Reachability and cycles: depth-first from start, choices in order.
        var reachable: Set<String> = []
        var onPath: [String] = []
        var onPathSet: Set<String> = []
        func visit(_ id: String) {
            guard let node = nodes[id], !reachable.contains(id) else { return }
            reachable.insert(id)
            onPath.append(id)
            onPathSet.insert(id)
            for (k, choice) in node.choices.enumerated() {
                if onPathSet.contains(choice.next) {
                    let loopStart = onPath.firstIndex(of: choice.next)!
                    let loop = (onPath[loopStart...] + [choice.next]).joined(separator: " → ")
                    issues.append(
                        .init(
                            .error, .cycle, path: "\(nodePath(id)).choices[\(k)].next",
                            message: "cycle \(loop): the walk could go round forever"))
                } else {
                    visit(choice.next)
                }
            }
            onPath.removeLast()
            onPathSet.remove(id)
        }
        visit(start)

        // Nodes from which some outcome can be reached (least fixed point).
        var leadsToOutcome: Set<String> = Set(
            nodes.compactMap { id, node in
                if case .outcome = node { return id } else { return nil }
            })
        var changed = true
        while changed {
            changed = false
            for (id, node) in nodes where !leadsToOutcome.contains(id) {
                if node.choices.contains(where: { leadsToOutcome.contains($0.next) }) {
                    leadsToOutcome.insert(id)
                    changed = true
                }
            }
        }

        for id in sortedNodeIDs {
            guard reachable.contains(id) else {
                // With an unknown start every node is unreachable; that error says it already.
                guard nodes[start] != nil else { continue }
                issues.append(
                    .init(
                        .warning, .unreachable, path: nodePath(id),
                        message: "node '\(id)' cannot be reached from start '\(start)'"))
                continue
            }
            if !leadsToOutcome.contains(id), !nodes[id]!.choices.isEmpty {
                issues.append(
                    .init(
                        .error, .deadEnd, path: nodePath(id),
                        message: "no outcome can be reached from node '\(id)'"))
            }
        }

        issues += vitalIssues(root: root)
        return issues.sorted { ($0.severity == .error ? 0 : 1, $0.path) < ($1.severity == .error ? 0 : 1, $1.path) }
    }

    /// `triage[i].nodes.<id>.choices[k].vital` — a vital answer from which some path ends at an
    /// outcome other than `samu`; the message names that path, answer by answer.
    private func vitalIssues(root: String) -> [TriageIssue] {
        var issues: [TriageIssue] = []
        for id in sortedNodeIDs {
            for (k, choice) in nodes[id]!.choices.enumerated() where choice.vital == true {
                guard let (end, route) = firstNonEmergencyEnd(from: choice.next) else { continue }
                let action: String
                if case .outcome(let o)? = nodes[end] { action = o.action.rawValue } else { action = "no outcome" }
                let walk = (["\(id) → \(choice.label)"] + route + [end]).joined(separator: " → ")
                issues.append(
                    .init(
                        .error, .vitalNotEmergency, path: "\(root).nodes.\(id).choices[\(k)].vital",
                        message: "vital answer '\(choice.label)' can end at '\(end)' (\(action)) by \(walk); "
                            + "a vital answer must always end at the emergency outcome (action samu: dial 15 or 112)"))
            }
        }
        return issues
    }

    /// The first end (breadth first) reachable from `start` that is not a `samu` outcome, with the
    /// answers that lead there (`node → label`); nil when every end is `samu`.
    private func firstNonEmergencyEnd(from start: String) -> (String, [String])? {
        var queue: [(String, [String])] = [(start, [])]
        var seen: Set<String> = [start]
        while !queue.isEmpty {
            let (id, route) = queue.removeFirst()
            switch nodes[id] {
            case .outcome(let o)?:
                if o.action != .samu { return (id, route) }
            case .question(let q)?:
                for c in q.choices where !seen.contains(c.next) {
                    seen.insert(c.next)
                    queue.append((c.next, route + ["\(id) → \(c.label)"]))
                }
            case nil:
                return (id, route) // an unknown target, reported on its own as well
            }
        }
        return nil
    }

    /// Validates a practice's whole `triage:` list: each protocol at its index, plus duplicate ids.
    package static func validate(_ protocols: [TriageProtocol]) -> [TriageIssue] {
        var issues: [TriageIssue] = []
        var firstIndex: [String: Int] = [:]
        for (i, triage) in protocols.enumerated() {
            if let first = firstIndex[triage.id] {
                issues.append(
                    .init(
                        .error, .duplicateID, path: "triage[\(i)].id",
                        message: "protocol id '\(triage.id)' is already used by triage[\(first)]"))
            } else {
                firstIndex[triage.id] = i
            }
            issues += triage.validate(index: i)
        }
        return issues
    }

    private static func knownList(_ ids: Dictionary<String, TriageNode>.Keys) -> String {
        ids.isEmpty ? "" : " (nodes: \(ids.sorted().joined(separator: ", ")))"
    }
}
