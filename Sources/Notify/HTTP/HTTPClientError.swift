/// A transfer that produced no HTTP response: DNS failure, refused connection, timeout, TLS
/// error, malformed or forbidden URL, oversized response.
///
/// `code` is libcurl's `CURLcode` (for example 7 could not connect, 28 timed out, 1 unsupported
/// protocol) and `message` its explanation, so operators can look the failure up.
package struct HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libcurl's `CURLcode` value.
    package var code: Int
    /// The detailed message from libcurl's error buffer, or its generic text for `code`.
    package var message: String

    package init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    /// `CURLE_UNSUPPORTED_PROTOCOL`: the URL's scheme is not http or https.
    package static let unsupportedProtocol = 1
    /// `CURLE_COULDNT_RESOLVE_HOST`.
    package static let couldNotResolveHost = 6
    /// `CURLE_COULDNT_CONNECT`: refused or unreachable.
    package static let couldNotConnect = 7
    /// `CURLE_WRITE_ERROR`: here, the response body exceeded the client's limit.
    package static let writeError = 23
    /// `CURLE_OPERATION_TIMEDOUT`: the connect or total timeout elapsed.
    package static let timedOut = 28

    /// True when the connect or total timeout elapsed.
    package var isTimeout: Bool { code == Self.timedOut }

    package var description: String { "curl error \(code): \(message)" }
}
