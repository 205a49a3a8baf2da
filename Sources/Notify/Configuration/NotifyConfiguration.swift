import Foundation
import JSONRPC
package import Kernel

/// The `notify` section of the practice configuration, validated.
///
/// ```yaml
/// notify:
///   concurrency: 16                     # deliveries in flight at once (1…64)
///   leaseSeconds: 60                    # a claimed row is this node's for so long (15…3600)
///   sms: {provider: http, url, method, headers, body, from}        # or
///   sms: {provider: twilio, accountSid, authToken, from, baseUrl}
///   webhooks: [{id, url, secret: whsec_… | [whsec_…, whsec_…], events: [escalation.raised, …]}]
/// ```
/// `${NAME}` (or `${NAME:-default}`) inside a value is replaced by the environment variable `NAME`
/// when the document is parsed (`ConfigurationDocument`), so tokens need not be written in the file.
/// Every problem is reported with its path and line.
package struct NotifyConfiguration: Sendable {
    /// Absent when the practice sends no SMS: SMS rows then go to the dead letter.
    package var sms: SMSSettings?
    package var webhooks: [WebhookEndpoint]
    /// Deliveries in flight at once.
    package var concurrency: Int
    /// How long a node holds a row it claimed before another node may take it back (longer than a
    /// delivery's HTTP timeout, 10 s): what a node that died was sending is sent again after it.
    package var leaseSeconds: Int
    package static let defaultLeaseSeconds = 60
    /// The text of `notify.test` SMS (`{practice}` is the practice's short name).
    package var testSMSText: String
    /// `practice.shortName` (or `practice.name`), for texts.
    package var practiceName: String

    package static let defaultTestSMSText = "{practice} : SMS de test de Permanence, aucune action requise."

    package init(
        sms: SMSSettings? = nil, webhooks: [WebhookEndpoint] = [], concurrency: Int = 16,
        testSMSText: String = NotifyConfiguration.defaultTestSMSText, practiceName: String = "Permanence"
    ) {
        self.sms = sms
        self.webhooks = webhooks
        self.concurrency = concurrency
        leaseSeconds = Self.defaultLeaseSeconds
        self.testSMSText = testSMSText
        self.practiceName = practiceName
    }

    package func endpoint(_ id: String) -> WebhookEndpoint? { webhooks.first { $0.id == id } }

    /// Reads and validates `notify` from `document`; throws every issue at once.
    /// The event names `notify.webhooks[].events` subscribe to, with their paths (checked against
    /// what the modules send by `WebhookSubscription.issues`).
    package static func subscriptions(in document: ConfigurationDocument) -> [WebhookSubscription] {
        guard let endpoints = document.root["notify"]?["webhooks"]?.arrayValue else { return [] }
        return endpoints.enumerated().flatMap { i, endpoint in
            (endpoint["events"]?.arrayValue ?? []).enumerated().compactMap { j, e in
                e.stringValue.map { WebhookSubscription(path: "notify.webhooks[\(i)].events[\(j)]", event: $0) }
            }
        }
    }

    package init(document: ConfigurationDocument) throws(ConfigurationError) {
        var reader = Reader(document: document)
        let root = document.root
        practiceName = root["practice"]?["shortName"]?.stringValue ?? root["practice"]?["name"]?.stringValue ?? "Permanence"
        sms = nil
        webhooks = []
        concurrency = 16
        leaseSeconds = Self.defaultLeaseSeconds
        testSMSText = Self.defaultTestSMSText
        if let section = root["notify"], !section.isNull {
            if section.objectValue == nil {
                reader.issue("notify", "must be a mapping with sms and webhooks")
            } else {
                reader.unknownKeys(section, at: "notify", known: ["sms", "webhooks", "concurrency", "leaseSeconds"])
                if let value = section["concurrency"] {
                    if let n = value.intValue, (1...64).contains(n) {
                        concurrency = n
                    } else {
                        reader.issue("notify.concurrency", "must be an integer from 1 to 64")
                    }
                }
                if let value = section["leaseSeconds"] {
                    if let n = value.intValue, (15...3600).contains(n) {
                        leaseSeconds = n
                    } else {
                        reader.issue("notify.leaseSeconds", "must be an integer from 15 to 3600 (seconds; longer than a delivery's 10 s timeout)")
                    }
                }
                if let value = section["sms"], !value.isNull {
                    sms = reader.sms(value, at: "notify.sms")
                    if let text = value["testText"]?.stringValue {
                        testSMSText = text
                        let filled = text.replacingOccurrences(of: "{practice}", with: practiceName)
                        if let problem = SMSAlert.problem(template: text, filled: filled) { reader.issue("notify.sms.testText", problem) }
                    }
                }
                if let value = section["webhooks"], !value.isNull {
                    webhooks = reader.webhooks(value, at: "notify.webhooks")
                }
            }
        }
        if !reader.issues.isEmpty { throw ConfigurationError(reader.issues, source: document.source) }
    }

    /// Collects issues while reading the section.
    private struct Reader {
        let document: ConfigurationDocument
        var issues: [ConfigurationIssue] = []

        mutating func issue(_ path: String, _ message: String) { issues.append(document.issue(path, message)) }

        mutating func unknownKeys(_ value: JSONValue, at path: String, known: Set<String>) {
            issues += document.unknownKeys(in: value, at: path, known: known)
        }

        /// A string at `path`; nil (and an issue when required) otherwise.
        mutating func string(_ value: JSONValue?, at path: String, required: Bool) -> String? {
            guard let value, !value.isNull else {
                if required { issue(path, "is required") }
                return nil
            }
            let text: String
            switch value {
            case .string(let s): text = s
            case .number(let n): text = n
            case .bool(let b): text = String(b)
            default:
                issue(path, "must be a string")
                return nil
            }
            return text
        }

        mutating func httpURL(_ value: JSONValue?, at path: String) -> String? {
            guard let text = string(value, at: path, required: true) else { return nil }
            guard
                let components = URLComponents(
                    string: text.replacingOccurrences(of: "{to}", with: "x")
                        .replacingOccurrences(of: "{text}", with: "x").replacingOccurrences(of: "{from}", with: "x")),
                let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
                let host = components.host, !host.isEmpty
            else {
                issue(path, "must be an absolute http:// or https:// URL, got \"\(text)\"")
                return nil
            }
            return text
        }

        mutating func sms(_ value: JSONValue, at path: String) -> SMSSettings? {
            guard value.objectValue != nil else {
                issue(path, "must be a mapping with provider, url… or accountSid…")
                return nil
            }
            let providerText = string(value["provider"], at: path + ".provider", required: true)
            guard let providerText else { return nil }
            guard let provider = SMSSettings.Provider(rawValue: providerText) else {
                issue(path + ".provider", "unknown provider \"\(providerText)\" (expected http or twilio)")
                return nil
            }
            let from = string(value["from"], at: path + ".from", required: provider == .twilio) ?? ""
            if !from.isEmpty, !from.hasPrefix("+") {
                if from.count > 11 || !from.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " ") }) {
                    issue(path + ".from", "an alphanumeric sender has at most 11 letters, digits or spaces; otherwise give an E.164 number")
                }
            } else if !from.isEmpty, (try? PhoneNumber(from))?.e164 == nil {
                issue(path + ".from", "\"\(from)\" is not an E.164 number")
            }
            switch provider {
            case .http:
                unknownKeys(value, at: path, known: ["provider", "url", "method", "headers", "body", "from", "testText"])
                let url = httpURL(value["url"], at: path + ".url")
                let method = (string(value["method"], at: path + ".method", required: false) ?? "POST").uppercased()
                if !["GET", "POST", "PUT", "PATCH"].contains(method) {
                    issue(path + ".method", "must be GET, POST, PUT or PATCH")
                }
                var headers: [HTTPHeader] = []
                if let h = value["headers"], !h.isNull {
                    if let object = h.objectValue {
                        for (name, v) in object {
                            if let text = string(v, at: path + ".headers." + name, required: true) { headers.append(HTTPHeader(name, text)) }
                        }
                    } else {
                        issue(path + ".headers", "must be a mapping of header names to values")
                    }
                }
                let body = string(value["body"], at: path + ".body", required: false) ?? ""
                if method != "GET", body.isEmpty, !(url ?? "").contains("{text}") {
                    issue(path + ".body", "is required: a template holding {text} (and usually {to})")
                } else if !body.contains("{text}"), !(url ?? "").contains("{text}") {
                    issue(method == "GET" ? path + ".url" : path + ".body", "must contain the {text} placeholder")
                }
                guard let url else { return nil }
                return SMSSettings(provider: .http, gateway: TemplateSMSGateway(method: method, url: url, headers: headers, body: body, from: from), from: from)
            case .twilio:
                unknownKeys(value, at: path, known: ["provider", "accountSid", "authToken", "from", "baseUrl", "testText"])
                let sid = string(value["accountSid"], at: path + ".accountSid", required: true)
                let token = string(value["authToken"], at: path + ".authToken", required: true)
                let base = value["baseUrl"] == nil ? "https://api.twilio.com" : httpURL(value["baseUrl"], at: path + ".baseUrl")
                guard let sid, let token, let base else { return nil }
                // Delivery receipts come back to the HTTP edge when the outside world can reach it.
                let callback = (document.root["http"]?["publicUrl"]?.stringValue).map {
                    ($0.hasSuffix("/") ? String($0.dropLast()) : $0) + KernelHost.httpPathPrefix(document) + "/sms/twilio/status"
                }
                return SMSSettings(
                    provider: .twilio,
                    gateway: TwilioSMSGateway(
                        accountSID: sid, authToken: token, from: from, baseURL: base,
                        statusCallback: callback), from: from)
            }
        }

        mutating func webhooks(_ value: JSONValue, at path: String) -> [WebhookEndpoint] {
            guard let items = value.arrayValue else {
                issue(path, "must be a list of endpoints {id, url, secret, events}")
                return []
            }
            var endpoints: [WebhookEndpoint] = []
            var seen: Set<String> = []
            for (index, item) in items.enumerated() {
                let itemPath = "\(path)[\(index)]"
                guard item.objectValue != nil else {
                    issue(itemPath, "must be a mapping {id, url, secret, events}")
                    continue
                }
                unknownKeys(item, at: itemPath, known: ["id", "url", "secret", "events"])
                let id = string(item["id"], at: itemPath + ".id", required: true)
                if let id {
                    if id.isEmpty || id == "*" || !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
                        issue(itemPath + ".id", "must be letters, digits, '-', '_' or '.'")
                    } else if !seen.insert(id).inserted {
                        issue(itemPath + ".id", "duplicate webhook id \"\(id)\"")
                    }
                }
                let url = httpURL(item["url"], at: itemPath + ".url")
                var secrets: [WebhookSecret] = []
                let secretValues: [(JSONValue, String)]
                switch item["secret"] {
                case .array(let list)?: secretValues = list.enumerated().map { ($1, "\(itemPath).secret[\($0)]") }
                case let single?: secretValues = [(single, itemPath + ".secret")]
                case nil: secretValues = []
                }
                if secretValues.isEmpty { issue(itemPath + ".secret", "is required: whsec_ followed by base64 (24 to 64 bytes)") }
                for (v, p) in secretValues {
                    guard let text = string(v, at: p, required: true) else { continue }
                    if !text.hasPrefix(WebhookSecret.prefix) {
                        issue(p, "must start with whsec_")
                    } else if let secret = WebhookSecret(text) {
                        if secret.keyBytes.count < 16 { issue(p, "is too short: at least 16 bytes of key") } else { secrets.append(secret) }
                    } else {
                        issue(p, "is not whsec_ followed by valid base64")
                    }
                }
                var events = ["*"]
                if let e = item["events"], !e.isNull {
                    if let list = e.arrayValue, !list.isEmpty, list.allSatisfy({ $0.stringValue.map { !$0.isEmpty } ?? false }) {
                        events = list.compactMap(\.stringValue)
                    } else {
                        issue(itemPath + ".events", "must be a non-empty list of event names (`*` for all)")
                    }
                }
                if let id, let url, !secrets.isEmpty, secrets.count == secretValues.count {
                    endpoints.append(WebhookEndpoint(id: id, url: url, secrets: secrets, events: events))
                }
            }
            return endpoints
        }
    }
}
