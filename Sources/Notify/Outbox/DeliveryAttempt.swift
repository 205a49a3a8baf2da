package import Foundation
import Kernel

/// One recorded try at delivering an outbox row (`outbox_attempt`).
package struct DeliveryAttempt: Sendable, Encodable, Equatable {
    /// When the request started, on the host's clock.
    package var at: Date
    /// The receiver's status code; nil when no response came (network error, timeout).
    package var httpStatus: Int?
    /// What went wrong (network error text, `HTTP 503`…); nil on success.
    package var error: String?
    /// Wall time of the HTTP exchange, in milliseconds.
    package var durationMs: Double

    package init(at: Date, httpStatus: Int?, error: String?, durationMs: Double) {
        self.at = at
        self.httpStatus = httpStatus
        self.error = error
        self.durationMs = durationMs
    }

    init(row: StoreRow) {
        at = Date(timeIntervalSince1970: row["at"])
        httpStatus = row["httpStatus"]
        error = row["error"]
        durationMs = row["durationMs"]
    }
}
