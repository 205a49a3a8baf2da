import Crypto
import Foundation

/// OVHcloud's API request signature, as its API documents it: `X-Ovh-Application` (the
/// application key), `X-Ovh-Consumer` (the consumer key), `X-Ovh-Timestamp` (Unix seconds) and
/// `X-Ovh-Signature`, `$1$` followed by the lower-case hex SHA-1 of
/// `applicationSecret+consumerKey+METHOD+fullURL+body+timestamp` (joined with `+`, body empty for a GET).
package struct OVHRequestSigner: Sendable {
    package let applicationKey: String
    package let applicationSecret: String
    package let consumerKey: String

    package init(applicationKey: String, applicationSecret: String, consumerKey: String) {
        self.applicationKey = applicationKey
        self.applicationSecret = applicationSecret
        self.consumerKey = consumerKey
    }

    /// `$1$` + hex SHA-1 of the signed text.
    package func signature(method: String, url: String, body: String = "", timestamp: Int) -> String {
        let text = [applicationSecret, consumerKey, method.uppercased(), url, body, String(timestamp)].joined(separator: "+")
        return "$1$" + Insecure.SHA1.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `request` with the four `X-Ovh-*` headers added, signed at `timestamp`.
    package func sign(_ request: HTTPRequest, timestamp: Int) -> HTTPRequest {
        var signed = request
        signed.headers += [
            HTTPHeader("X-Ovh-Application", applicationKey),
            HTTPHeader("X-Ovh-Consumer", consumerKey),
            HTTPHeader("X-Ovh-Timestamp", String(timestamp)),
            HTTPHeader("X-Ovh-Signature", signature(method: request.method, url: request.url, body: request.bodyText, timestamp: timestamp))
        ]
        return signed
    }
}
