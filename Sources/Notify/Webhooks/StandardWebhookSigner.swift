import Crypto
package import Foundation

/// Signs webhook deliveries as the Standard Webhooks specification says: the signed content is
/// `"{id}.{timestamp}.{body}"`, the signature `v1,<base64 HMAC-SHA256>`, sent in the
/// `webhook-id`, `webhook-timestamp` and `webhook-signature` headers.
///
/// During a secret rotation give several secrets: the `webhook-signature` header then carries
/// one space-separated signature per secret, in the order given, so that a receiver holding
/// either the old or the new secret accepts the delivery.
package struct StandardWebhookSigner: Sendable {
    /// The secrets signing each delivery, first the current one.
    package let secrets: [WebhookSecret]

    /// - Precondition: `secrets` is not empty.
    package init(secrets: [WebhookSecret]) {
        precondition(!secrets.isEmpty, "a webhook signer needs at least one secret")
        self.secrets = secrets
    }

    package init(secret: WebhookSecret) {
        self.init(secrets: [secret])
    }

    /// The `webhook-signature` header value for one delivery.
    package func signature(id: String, timestamp: Int, body: Data) -> String {
        let content = Self.signedContent(id: id, timestamp: timestamp, body: body)
        return secrets.map { secret in
            let mac = HMAC<SHA256>.authenticationCode(for: content, using: secret.key)
            return "v1," + Data(mac).base64EncodedString()
        }.joined(separator: " ")
    }

    /// The three Standard Webhooks headers for one delivery.
    package func headers(id: String, timestamp: Date, body: Data) -> [HTTPHeader] {
        let seconds = Int(timestamp.timeIntervalSince1970.rounded(.down))
        return [
            HTTPHeader("webhook-id", id),
            HTTPHeader("webhook-timestamp", String(seconds)),
            HTTPHeader("webhook-signature", signature(id: id, timestamp: seconds, body: body))
        ]
    }

    /// A signed `POST` of a JSON `body` to `url`. `id` must stay the same across retries of one
    /// message, so that the receiver can deduplicate.
    package func request(url: String, id: String, timestamp: Date, body: Data) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: url,
            headers: [HTTPHeader("Content-Type", "application/json")]
                + headers(id: id, timestamp: timestamp, body: body),
            body: body)
    }

    /// The bytes the HMAC covers: `id.timestamp.body`.
    static func signedContent(id: String, timestamp: Int, body: Data) -> Data {
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(body)
        return content
    }
}
