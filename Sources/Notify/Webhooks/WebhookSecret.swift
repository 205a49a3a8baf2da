package import Crypto
import Foundation

/// A Standard Webhooks signing secret: `whsec_` followed by the base64 of the key bytes.
///
/// The key bytes are kept as a plain array (swift-crypto's `SymmetricKey` is not `Sendable`);
/// `description` never prints them.
package struct WebhookSecret: Sendable, CustomStringConvertible {
    /// The prefix every secret carries in configuration.
    package static let prefix = "whsec_"

    /// The raw key bytes.
    package let keyBytes: [UInt8]

    /// The HMAC key.
    package var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// Parses `whsec_<base64>` (the prefix may be omitted); nil when the base64 is invalid or empty.
    package init?(_ text: String) {
        let encoded = text.hasPrefix(Self.prefix) ? String(text.dropFirst(Self.prefix.count)) : text
        guard let bytes = Data(base64Encoded: encoded), !bytes.isEmpty else { return nil }
        keyBytes = Array(bytes)
    }

    /// Wraps raw key bytes.
    package init(key: SymmetricKey) {
        keyBytes = key.withUnsafeBytes { Array($0) }
    }

    /// A new random secret of `byteCount` bytes (24 by default, as the spec's examples use).
    package static func generate(byteCount: Int = 24) -> WebhookSecret {
        WebhookSecret(key: SymmetricKey(size: SymmetricKeySize(bitCount: byteCount * 8)))
    }

    /// The `whsec_<base64>` form, to write into configuration.
    package var encoded: String {
        Self.prefix + Data(keyBytes).base64EncodedString()
    }

    package var description: String { "whsec_…" }
}
