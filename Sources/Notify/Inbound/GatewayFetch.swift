import Foundation
import JSONRPC
import Kernel

/// How the message is fetched back for a gateway whose inbound callbacks are unsigned (the
/// `fetch` section of an `http.gateways[]` entry): the callback only names a message id, and the
/// message itself is read from the gateway's authenticated API at `url` (`{id}` replaced by the
/// percent-encoded id). OVHcloud's signed API (`api: ovh`) is the only scheme so far.
package struct GatewayFetch: Sendable {
    /// The API's authentication scheme.
    package enum API: String, Sendable, CaseIterable { case ovh }

    package let api: API
    /// The message's URL, with `{id}` where the id goes.
    package let url: String
    package let signer: OVHRequestSigner

    package init(api: API = .ovh, url: String, signer: OVHRequestSigner) {
        self.api = api
        self.url = url
        self.signer = signer
    }

    /// How long the fetch may take before the callback is answered 502 (the gateway retries).
    package static let timeout: Duration = .seconds(5)

    /// A callback's message id: 1 to 64 ASCII letters, digits, `_` or `-`.
    package static func isValidId(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count)
            && id.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
            }
    }

    /// The signed GET of message `id`, stamped `timestamp` (Unix seconds).
    package func request(id: String, timestamp: Int) -> HTTPRequest {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let encoded = id.addingPercentEncoding(withAllowedCharacters: unreserved) ?? id
        let request = HTTPRequest(
            method: "GET", url: url.replacingOccurrences(of: "{id}", with: encoded),
            headers: [HTTPHeader("Accept", "application/json")])
        return signer.sign(request, timestamp: timestamp)
    }

    static let knownKeys: Set<String> = ["api", "url", "applicationKey", "applicationSecret", "consumerKey"]

    /// The `fetch` section at `path`; nil when it has problems, added to `issues` with their paths.
    static func load(_ value: JSONValue, path: String, document: ConfigurationDocument, issues: inout [ConfigurationIssue]) -> GatewayFetch? {
        guard case .object = value else {
            issues.append(document.issue(path, "expected a mapping"))
            return nil
        }
        let before = issues.count
        issues += document.unknownKeys(in: value, at: path, known: knownKeys)
        let apiName = value["api"]?.stringValue ?? ""
        let api = API(rawValue: apiName)
        if api == nil {
            issues.append(document.issue(path + ".api", "required: one of \(API.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let url = value["url"]?.stringValue ?? ""
        if let problem = urlProblem(url) { issues.append(document.issue(path + ".url", problem)) }
        func text(_ key: String) -> String {
            guard let v = value[key]?.stringValue, !v.isEmpty else {
                issues.append(document.issue(path + "." + key, "required: a non-empty text"))
                return ""
            }
            return v
        }
        let signer = OVHRequestSigner(
            applicationKey: text("applicationKey"), applicationSecret: text("applicationSecret"),
            consumerKey: text("consumerKey"))
        guard issues.count == before, let api else { return nil }
        return GatewayFetch(api: api, url: url, signer: signer)
    }

    /// Why `url` cannot be a fetch URL: not https (http only on the loopback, for tests), or no `{id}`.
    static func urlProblem(_ url: String) -> String? {
        guard !url.isEmpty else { return "required: the message's https URL with {id}" }
        guard url.contains("{id}") else { return "must contain {id}, where the message id goes" }
        guard let components = URLComponents(string: url.replacingOccurrences(of: "{id}", with: "0")),
            let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased(), !host.isEmpty
        else {
            return "not an absolute URL"
        }
        switch scheme {
        case "https": return nil
        case "http" where ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host): return nil
        default: return "must be https (http only for 127.0.0.1 or localhost)"
        }
    }
}
