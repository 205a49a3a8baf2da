/// A JSON-RPC error code: an open set, with the specification's codes and Permanence's own as constants.
package struct ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package let rawValue: Int
    package init(rawValue: Int) { self.rawValue = rawValue }
    package var description: String { String(rawValue) }

    package static let parseError = ErrorCode(rawValue: -32700)
    package static let invalidRequest = ErrorCode(rawValue: -32600)
    package static let methodNotFound = ErrorCode(rawValue: -32601)
    package static let invalidParams = ErrorCode(rawValue: -32602)
    package static let internalError = ErrorCode(rawValue: -32603)
    /// TCP session without a valid token.
    package static let notAuthenticated = ErrorCode(rawValue: -32001)
    /// The session's role may not call this method.
    package static let forbidden = ErrorCode(rawValue: -32002)
    /// Unknown patient, appointment, message, incident…
    package static let notFound = ErrorCode(rawValue: -32004)
    /// Slot no longer free, stale version, already acknowledged, likely duplicate.
    package static let conflict = ErrorCode(rawValue: -32009)
    /// Well-typed content that breaks a rule (end before start, unknown type for this practitioner…).
    package static let unprocessable = ErrorCode(rawValue: -32022)
    package static let rateLimited = ErrorCode(rawValue: -32029)
    /// The request was cancelled by `$/cancelRequest`.
    package static let requestCancelled = ErrorCode(rawValue: -32800)
}
