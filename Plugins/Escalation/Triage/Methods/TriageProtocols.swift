import Foundation
import Kernel

/// `triage.protocols`: the protocols a secretary can walk, with their first question.
struct TriageProtocols: RPCMethod {
    let settings: EscalationSettings
    struct Item: Encodable, Sendable {
        let id: String
        let title: String
        let start: TriageQuestionView?
        /// The actions its outcomes can lead to.
        let actions: [String]
        let questionCount: Int
    }
    struct Result: Encodable, Sendable {
        let protocols: [Item]
        /// Non-blocking configuration remarks (unreachable nodes).
        let warnings: [String]
    }
    static let name = "triage.protocols"
    static let summary = "Lists the triage protocols with their first question."
    static let role = Role.secretary
    static let paramsSchema = Schema.empty
    static let resultSchema = Schema.object([
        required(
            "protocols",
            .array(
                .object([
                    required("id", .string), required("title", .string), optional("start", .any),
                    required("actions", .array(.string)), required("questionCount", .integer)
                ]))),
        required("warnings", .array(.string))
    ])

    func handle(_ p: NoParams, context: RequestContext) async throws -> Result {
        Result(
            protocols: settings.protocols.map { t in
                var start: TriageQuestionView?
                if case .question(let q)? = t.nodes[t.start] { start = TriageQuestionView(nodeId: t.start, q) }
                let actions = Set(
                    t.nodes.values.compactMap { node -> String? in
                        if case .outcome(let o) = node { return o.action.rawValue } else { return nil }
                    })
                let questions = t.nodes.values.filter { if case .question = $0 { return true } else { return false } }.count
                return Item(id: t.id, title: t.title, start: start, actions: actions.sorted(), questionCount: questions)
            }, warnings: settings.warnings)
    }
}
