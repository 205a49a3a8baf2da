import Foundation

/// The `escalation` section as written in configuration (see `Docs/escalation.md`).
struct EscalationSection: Decodable, Sendable {
    var chains: [String: EscalationChain]
    var routes: [String: String]
    var acknowledgeKeywords: [String]
    var repeatCallers: RepeatCallerSettings
    /// Phones (E.164) paged by SMS for steps `notify: staff` (optional; without it staff get webhooks and console events).
    var staffMobiles: [String]
    /// SMS templates overriding `messaging.sms` (same keys).
    var sms: [String: String]

    static let defaultRoutes = ["page-oncall": "default", "urgent-sms": "default", "repeat-caller": "default"]

    init() {
        chains = ["default": .fallback]
        routes = Self.defaultRoutes
        acknowledgeKeywords = ["OK"]
        repeatCallers = RepeatCallerSettings()
        staffMobiles = []
        sms = [:]
    }

    private enum CodingKeys: String, CodingKey { case chains, routes, acknowledgeKeywords, repeatCallers, staffMobiles, sms }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var chains = try c.decodeIfPresent([String: EscalationChain].self, forKey: .chains) ?? ["default": .fallback]
        for key in chains.keys { chains[key]?.id = key }
        self.chains = chains
        routes = Self.defaultRoutes.merging(try c.decodeIfPresent([String: String].self, forKey: .routes) ?? [:]) { $1 }
        acknowledgeKeywords = try c.decodeIfPresent([String].self, forKey: .acknowledgeKeywords) ?? ["OK"]
        repeatCallers = try c.decodeIfPresent(RepeatCallerSettings.self, forKey: .repeatCallers) ?? RepeatCallerSettings()
        staffMobiles = try c.decodeIfPresent([String].self, forKey: .staffMobiles) ?? []
        sms = try c.decodeIfPresent([String: String].self, forKey: .sms) ?? [:]
    }
}
