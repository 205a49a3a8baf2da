import Foundation
import JSONRPC
package import Kernel

/// A generic SMS gateway that posts inbound messages as JSON to `POST /sms/inbound/{id}`, signed
/// the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`), from
/// `http.gateways[]` in the configuration:
///
/// ```yaml
/// http:
///   gateways:
///     - {id: smsmode, secret: whsec_…, from: data.sender, text: data.message, messageId: data.id}
/// ```
///
/// `from`, `text` and `messageId` are dotted paths into the posted JSON (defaults `from`, `text`;
/// without `messageId`, the `webhook-id` header identifies the message, as Standard Webhooks keeps
/// it across retries).
///
/// A gateway whose callbacks are unsigned has a `fetch` section instead of `secret`: the callback
/// only carries a message id (at `idParameter`, default `id`, in the query, a form or a JSON body),
/// and the message is fetched back from the gateway's authenticated API (`GatewayFetch`); `from`,
/// `text` and `messageId` are then paths into the fetched JSON.
package struct InboundGateway: Sendable {
    package let id: String
    /// The Standard Webhooks secrets; empty for a fetch gateway.
    package let secrets: [WebhookSecret]
    package let from: String
    package let text: String
    package let messageId: String?
    /// Set for a gateway whose callbacks are unsigned and whose messages are fetched back.
    package let fetch: GatewayFetch?
    /// Where a fetch gateway's callback carries the message id.
    package let idParameter: String

    package init(
        id: String, secrets: [WebhookSecret] = [], fetch: GatewayFetch? = nil, idParameter: String = "id",
        from: String = "from", text: String = "text", messageId: String? = nil
    ) {
        self.id = id
        self.secrets = secrets
        self.fetch = fetch
        self.idParameter = idParameter
        self.from = from
        self.text = text
        self.messageId = messageId
    }

    /// `http.gateways`, every problem named with its path and line.
    package static func load(_ document: ConfigurationDocument) throws(ConfigurationError) -> [InboundGateway] {
        guard let list = document.value(at: "http.gateways"), !list.isNull else { return [] }
        var issues: [ConfigurationIssue] = []
        var gateways: [InboundGateway] = []
        guard let items = list.arrayValue else {
            throw ConfigurationError([document.issue("http.gateways", "expected a list")], source: document.source)
        }
        let known: Set<String> = ["id", "secret", "fetch", "idParameter", "from", "text", "messageId"]
        for (i, item) in items.enumerated() {
            let path = "http.gateways[\(i)]"
            guard case .object = item else {
                issues.append(document.issue(path, "expected a mapping"))
                continue
            }
            issues += document.unknownKeys(in: item, at: path, known: known)
            guard let id = item["id"]?.stringValue, !id.isEmpty,
                id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            else {
                issues.append(document.issue(path + ".id", "required: letters, digits, - or _"))
                continue
            }
            if gateways.contains(where: { $0.id == id }) { issues.append(document.issue(path + ".id", "\"\(id)\" is used twice")) }
            let from = item["from"]?.stringValue ?? "from"
            let text = item["text"]?.stringValue ?? "text"
            let messageId = item["messageId"]?.stringValue
            if let fetchSection = item["fetch"], !fetchSection.isNull {
                if item["secret"] != nil {
                    issues.append(document.issue(path + ".fetch", "give either secret (signed callbacks) or fetch (unsigned callbacks), not both"))
                    continue
                }
                let idParameter = item["idParameter"]?.stringValue ?? "id"
                if idParameter.isEmpty { issues.append(document.issue(path + ".idParameter", "expected a non-empty name")) }
                guard let fetch = GatewayFetch.load(fetchSection, path: path + ".fetch", document: document, issues: &issues) else { continue }
                gateways.append(InboundGateway(id: id, fetch: fetch, idParameter: idParameter, from: from, text: text, messageId: messageId))
                continue
            }
            if item["idParameter"] != nil {
                issues.append(document.issue(path + ".idParameter", "only for a gateway with fetch (signed callbacks carry the whole message)"))
            }
            let secretTexts = item["secret"]?.arrayValue?.compactMap(\.stringValue) ?? item["secret"]?.stringValue.map { [$0] } ?? []
            let secrets = secretTexts.filter { $0.hasPrefix(WebhookSecret.prefix) }.compactMap(WebhookSecret.init)
                .filter { $0.keyBytes.count >= 16 }
            if secrets.isEmpty || secrets.count != secretTexts.count {
                issues.append(document.issue(path + ".secret", "required (or fetch): whsec_ followed by base64 of at least 16 bytes (or a list of them)"))
                continue
            }
            gateways.append(InboundGateway(id: id, secrets: secrets, from: from, text: text, messageId: messageId))
        }
        if !issues.isEmpty { throw ConfigurationError(issues, source: document.source) }
        return gateways
    }

    /// The value at a dotted `path` of `json`, as text (numbers as written).
    static func value(at path: String, in json: JSONValue) -> String? {
        var node = json
        for key in path.split(separator: ".") {
            guard let next = node[String(key)] else { return nil }
            node = next
        }
        switch node {
        case .string(let s): return s
        case .number(let n): return n
        default: return nil
        }
    }
}
