import Crypto
import Foundation

/// Twilio's request signature (`X-Twilio-Signature`): base64 of HMAC-SHA1, keyed with the
/// account's auth token, over the full URL Twilio called followed by every POST parameter as
/// name then value, sorted by name.
///
/// As Twilio's own validators do, the URL is tried as given and with its default port added or
/// removed (`https://host/…` and `https://host:443/…`), since proxies differ in which one they pass on.
enum TwilioSignature {
    static func compute(url: String, parameters: [(name: String, value: String)], authToken: String) -> String {
        var data = url
        for (name, value) in parameters.sorted(by: { ($0.name, $0.value) < ($1.name, $1.value) }) {
            data += name + value
        }
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(data.utf8), using: SymmetricKey(data: Data(authToken.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// Whether `signature` is right for `url` (or its default-port variant); compares in constant time.
    static func isValid(_ signature: String, url: String, parameters: [(name: String, value: String)], authToken: String) -> Bool {
        var valid = false
        for candidate in urlVariants(url) {
            // Every variant is checked, so the time taken does not depend on which one matched.
            valid = constantTimeEqual(compute(url: candidate, parameters: parameters, authToken: authToken), signature) || valid
        }
        return valid
    }

    /// `url` as given, and with the scheme's default port added (when absent) or removed (when present).
    static func urlVariants(_ url: String) -> [String] {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let defaultPort = ["https": 443, "http": 80][scheme]
        else { return [url] }
        var other = components
        if components.port == nil {
            other.port = defaultPort
        } else if components.port == defaultPort {
            other.port = nil
        } else {
            return [url]
        }
        return [url, other.string ?? url]
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0
    }
}
