/// A transfer that produced no HTTP response: DNS failure, refused connection, timeout, TLS
/// error, malformed or forbidden URL, oversized response.
///
/// `code` is libcurl's `CURLcode` (for example 7 could not connect, 28 timed out, 1 unsupported
/// protocol) and `message` its explanation, so operators can look the failure up.
public struct HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libcurl's `CURLcode` value.
    public var code: Int
    /// The detailed message from libcurl's error buffer, or its generic text for `code`.
    public var message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    /// `CURLE_UNSUPPORTED_PROTOCOL`: the URL's scheme is not http or https.
    public static let unsupportedProtocol = 1
    /// `CURLE_COULDNT_RESOLVE_HOST`.
    public static let couldNotResolveHost = 6
    /// `CURLE_COULDNT_CONNECT`: refused or unreachable.
    public static let couldNotConnect = 7
    /// `CURLE_WRITE_ERROR`: here, the response body exceeded the client's limit.
    public static let writeError = 23
    /// `CURLE_OPERATION_TIMEDOUT`: the connect or total timeout elapsed.
    public static let timedOut = 28

    /// True when the connect or total timeout elapsed.
    public var isTimeout: Bool { code == Self.timedOut }

    public var description: String { "curl error \(code): \(message)" }
}
