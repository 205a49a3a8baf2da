import Foundation
import JSONRPC
package import Kernel
package import Practice

/// The validated `triage`, `oncall` and `escalation` sections, with the practice they refer to.
///
/// Built once; every problem is reported with its path and line so that `permanence config check`
/// shows them all (a dead-end, cyclic or unknown-target protocol, a chain naming an unknown
/// practitioner, an SMS template longer than one segment…).
package struct EscalationSettings: Sendable {
    package let directory: PracticeDirectory
    package let protocols: [TriageProtocol]
    /// Problems that do not stop the server (unreachable triage nodes), as `path: message`.
    package let warnings: [String]
    let oncall: OnCallSection?
    let escalation: EscalationSection
    let templates: SMSTemplates
    /// `practice.shortName`, else `practice.name`: `{practice}` in SMS.
    let practiceShortName: String
    let staffMobiles: [String]

    package init(configuration: ConfigurationDocument, directory: PracticeDirectory) throws(ConfigurationError) {
        var issues: [ConfigurationIssue] = []
        var warnings: [String] = []
        let c = configuration
        self.directory = directory
        let practitioners = Dictionary(directory.practitioners.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func requirePractitioner(_ id: String, at path: String, mobile: Bool = true) {
            guard let p = practitioners[id] else {
                issues.append(c.issue(path, "unknown practitioner \"\(id)\" (known: \(practitioners.keys.sorted().joined(separator: ", ")))"))
                return
            }
            if mobile && p.mobile == nil { issues.append(c.issue(path, "practitioner \"\(id)\" has no mobile to receive SMS alerts")) }
        }

        // oncall
        let oncall = c.section("oncall") == nil ? nil : c.decode(OnCallSection.self, at: "oncall", issues: &issues)
        if let oncall {
            do { _ = try OnCallRota(rotation: oncall.rotation, overrides: oncall.overrides, timeZone: directory.timeZone) } catch {
                issues.append(c.issue(error.path, error.message))
            }
            for (i, id) in oncall.rotation.order.enumerated() { requirePractitioner(id, at: "oncall.rotation.order[\(i)]") }
            for (i, id) in oncall.chain.enumerated() { requirePractitioner(id, at: "oncall.chain[\(i)]") }
            for (i, o) in oncall.overrides.enumerated() { requirePractitioner(o.practitionerId, at: "oncall.overrides[\(i)].practitionerId") }
        }

        // triage
        let protocols = c.decode([TriageProtocol].self, at: "triage", default: [], issues: &issues) ?? []
        for issue in TriageProtocol.validate(protocols) {
            if issue.severity == .error { issues.append(c.issue(issue.path, issue.message)) } else { warnings.append("\(issue.path): \(issue.message)") }
        }
        for (i, p) in protocols.enumerated() {
            for id in p.sortedNodeIDs {
                guard case .outcome(let outcome) = p.nodes[id]! else { continue }
                if outcome.action == .pageOncall && oncall == nil {
                    issues.append(c.issue("triage[\(i)].nodes.\(id).outcome.action", "page-oncall needs an `oncall` section (nobody is on call)"))
                }
            }
        }

        // escalation
        let escalation =
            c.section("escalation") == nil ? EscalationSection() : (c.decode(EscalationSection.self, at: "escalation", issues: &issues) ?? EscalationSection())
        for (id, chain) in escalation.chains.sorted(by: { $0.key < $1.key }) {
            let path = "escalation.chains.\(id)"
            if chain.steps.isEmpty { issues.append(c.issue("\(path).steps", "a chain needs at least one step")) }
            if !(1...5).contains(chain.repeat) { issues.append(c.issue("\(path).repeat", "must be between 1 and 5, got \(chain.repeat)")) }
            for (k, step) in chain.steps.enumerated() {
                let stepPath = "\(path).steps[\(k)]"
                if EscalationStep.targets.contains(step.notify) {
                    // The built-in default chain (no `escalation` section) is only checked when it can be used.
                    if step.notify.hasPrefix("oncall") && oncall == nil && c.section("escalation") != nil {
                        issues.append(c.issue("\(stepPath).notify", "\(step.notify) needs an `oncall` section"))
                    }
                } else if practitioners[step.notify] == nil {
                    issues.append(
                        c.issue("\(stepPath).notify", "expected oncall, oncall-backup, practitioner, staff or a practitioner id, got \"\(step.notify)\""))
                } else {
                    requirePractitioner(step.notify, at: "\(stepPath).notify")
                }
                if step.channels.isEmpty { issues.append(c.issue("\(stepPath).channels", "at least one channel (sms, webhook)")) }
                for (j, ch) in step.channels.enumerated() where !EscalationStep.knownChannels.contains(ch) {
                    issues.append(c.issue("\(stepPath).channels[\(j)]", "unknown channel \"\(ch)\" (sms, webhook)"))
                }
                if !(1...240).contains(step.waitMinutes) {
                    issues.append(c.issue("\(stepPath).waitMinutes", "must be between 1 and 240, got \(step.waitMinutes)"))
                }
            }
        }
        for (route, chain) in escalation.routes.sorted(by: { $0.key < $1.key }) {
            if !EscalationSection.defaultRoutes.keys.contains(route) {
                issues.append(c.issue("escalation.routes.\(route)", "unknown route (page-oncall, urgent-sms, repeat-caller)"))
            } else if escalation.chains[chain] == nil {
                issues.append(
                    c.issue("escalation.routes.\(route)", "unknown chain \"\(chain)\" (known: \(escalation.chains.keys.sorted().joined(separator: ", ")))"))
            }
        }
        if escalation.acknowledgeKeywords.isEmpty || escalation.acknowledgeKeywords.contains(where: { TextFolding.fold($0).isEmpty }) {
            issues.append(c.issue("escalation.acknowledgeKeywords", "needs at least one non-empty keyword"))
        }
        let repeatCallers = escalation.repeatCallers
        if repeatCallers.calls < 2 { issues.append(c.issue("escalation.repeatCallers.calls", "must be at least 2")) }
        if !(1...720).contains(repeatCallers.windowHours) { issues.append(c.issue("escalation.repeatCallers.windowHours", "must be between 1 and 720")) }
        if !RepeatCallerSettings.actions.contains(repeatCallers.action) {
            issues.append(c.issue("escalation.repeatCallers.action", "expected raise-urgency, page-staff or page-oncall, got \"\(repeatCallers.action)\""))
        }
        if repeatCallers.action == "page-oncall" && oncall == nil {
            issues.append(c.issue("escalation.repeatCallers.action", "page-oncall needs an `oncall` section"))
        }
        var staff: [String] = []
        for (i, m) in escalation.staffMobiles.enumerated() {
            do { staff.append(try PhoneNumber(m).e164) } catch { issues.append(c.issue("escalation.staffMobiles[\(i)]", "\(error)")) }
        }

        let shortName = directory.profile.shortName ?? directory.profile.name
        let templates = SMSTemplates(configuration: c, own: escalation.sms, practiceName: shortName, issues: &issues)

        if !issues.isEmpty { throw ConfigurationError(issues, source: c.source) }
        self.protocols = protocols
        self.warnings = warnings
        self.oncall = oncall
        self.escalation = escalation
        self.templates = templates
        self.practiceShortName = shortName
        self.staffMobiles = staff
    }

    /// The chain a route uses (`page-oncall`, `urgent-sms`, `repeat-caller`).
    func chain(forRoute route: String) -> EscalationChain {
        escalation.chains[escalation.routes[route] ?? "default"] ?? escalation.chains["default"] ?? .fallback
    }

    /// The protocol with this id, or -32004 naming `protocolId`.
    func triageProtocol(_ id: String) throws -> TriageProtocol {
        guard let p = protocols.first(where: { $0.id == id }) else {
            throw RPCError.notFound("unknown triage protocol \"\(id)\" (known: \(protocols.map(\.id).joined(separator: ", ")))", field: "protocolId")
        }
        return p
    }

    /// The mobile (E.164) of a practitioner, if any.
    func mobile(of practitionerId: String) -> String? {
        directory.practitioners.first { $0.id == practitionerId }?.mobile
    }
}
