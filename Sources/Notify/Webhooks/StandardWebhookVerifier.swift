import Crypto
package import Foundation

/// Checks a received webhook against the Standard Webhooks rules: the timestamp lies within
/// the tolerance of now, and at least one `v1,` signature of the space-separated
/// `webhook-signature` header matches one of the secrets (compared in constant time).
package struct StandardWebhookVerifier: Sendable {
    /// Secrets accepted, for example the old and the new one during a rotation.
    package let secrets: [WebhookSecret]
    /// The largest accepted distance between the timestamp and now (5 minutes by default).
    package let tolerance: Duration

    package init(secrets: [WebhookSecret], tolerance: Duration = .seconds(300)) {
        self.secrets = secrets
        self.tolerance = tolerance
    }

    /// Returns normally when the delivery is authentic and fresh; throws
    /// `WebhookVerificationError` otherwise.
    package func verify(headers: [HTTPHeader], body: Data, now: Date) throws {
        guard let id = headers.value(for: "webhook-id") else { throw WebhookVerificationError.missingHeader("webhook-id") }
        guard let timestampText = headers.value(for: "webhook-timestamp") else {
            throw WebhookVerificationError.missingHeader("webhook-timestamp")
        }
        guard let signatures = headers.value(for: "webhook-signature") else {
            throw WebhookVerificationError.missingHeader("webhook-signature")
        }
        guard let timestamp = Int(timestampText) else { throw WebhookVerificationError.invalidTimestamp }
        let distance = abs(now.timeIntervalSince1970 - Double(timestamp))
        if distance > Double(tolerance.components.seconds) { throw WebhookVerificationError.timestampOutOfTolerance }

        let content = StandardWebhookSigner.signedContent(id: id, timestamp: timestamp, body: body)
        for entry in signatures.split(separator: " ") {
            guard entry.hasPrefix("v1,"), let mac = Data(base64Encoded: String(entry.dropFirst(3))) else { continue }
            for secret in secrets where HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: content, using: secret.key) {
                return
            }
        }
        throw WebhookVerificationError.noMatchingSignature
    }
}
