/// A JSON-RPC error code: an open set, with the specification's codes and Permanence's own as constants.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }

    public static let parseError = ErrorCode(rawValue: -32700)
    public static let invalidRequest = ErrorCode(rawValue: -32600)
    public static let methodNotFound = ErrorCode(rawValue: -32601)
    public static let invalidParams = ErrorCode(rawValue: -32602)
    public static let internalError = ErrorCode(rawValue: -32603)
    /// TCP session without a valid token.
    public static let notAuthenticated = ErrorCode(rawValue: -32001)
    /// The session's role may not call this method.
    public static let forbidden = ErrorCode(rawValue: -32002)
    /// Unknown patient, appointment, message, incident…
    public static let notFound = ErrorCode(rawValue: -32004)
    /// Slot no longer free, stale version, already acknowledged, likely duplicate.
    public static let conflict = ErrorCode(rawValue: -32009)
    /// Well-typed content that breaks a rule (end before start, unknown type for this practitioner…).
    public static let unprocessable = ErrorCode(rawValue: -32022)
    public static let rateLimited = ErrorCode(rawValue: -32029)
    /// The request was cancelled by `$/cancelRequest`.
    public static let requestCancelled = ErrorCode(rawValue: -32800)
}
