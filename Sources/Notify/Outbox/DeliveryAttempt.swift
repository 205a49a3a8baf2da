import Foundation
import GRDB
import Kernel

/// One recorded try at delivering an outbox row (`outbox_attempt`).
public struct DeliveryAttempt: Sendable, Encodable, Equatable {
    /// When the request started, on the host's clock.
    public var at: Date
    /// The receiver's status code; nil when no response came (network error, timeout).
    public var httpStatus: Int?
    /// What went wrong (network error text, `HTTP 503`…); nil on success.
    public var error: String?
    /// Wall time of the HTTP exchange, in milliseconds.
    public var durationMs: Double

    public init(at: Date, httpStatus: Int?, error: String?, durationMs: Double) {
        self.at = at
        self.httpStatus = httpStatus
        self.error = error
        self.durationMs = durationMs
    }

    init(row: Row) {
        at = Date(timeIntervalSince1970: row["at"])
        httpStatus = row["httpStatus"]
        error = row["error"]
        durationMs = row["durationMs"]
    }
}
