package import Foundation
import Kernel

/// One call offered to one queue (a call that overflows to a second queue gives two records).
///
/// `waitSeconds` is the time in queue: until answer for answered calls, until hang-up for
/// abandoned ones, until exit for timeouts. `talkSeconds` is the conversation time of an
/// answered call once it is known.
package struct CallRecord: Sendable, Hashable, Codable {
    package var callId: String
    package var queue: String
    /// Contact channel (`phone`, `sms`, …) when the source says so; grouping is the caller's job.
    package var channel: String?
    /// Reason for calling, when the source says so.
    package var motive: String?
    package var offeredAt: Date
    package var answeredAt: Date?
    package var endedAt: Date?
    package var abandonedAt: Date?
    package var waitSeconds: Double
    package var talkSeconds: Double?
    /// The agent who answered (or last rang), as the source names them.
    package var agent: String?
    package var outcome: CallOutcome
    /// Times an agent was rung without answering (`RINGNOANSWER`).
    package var ringNoAnswerCount: Int
    /// The caller's number in E.164, when the source gives one that reads as a phone number
    /// (queue_log's caller id, the CSV's `caller` column); nil for a withheld or unreadable one.
    package var caller: String?

    package init(
        callId: String, queue: String, channel: String? = nil, motive: String? = nil,
        offeredAt: Date, answeredAt: Date? = nil, endedAt: Date? = nil, abandonedAt: Date? = nil,
        waitSeconds: Double, talkSeconds: Double? = nil, agent: String? = nil,
        outcome: CallOutcome, ringNoAnswerCount: Int = 0, caller: String? = nil
    ) {
        self.callId = callId
        self.queue = queue
        self.channel = channel
        self.motive = motive
        self.offeredAt = offeredAt
        self.answeredAt = answeredAt
        self.endedAt = endedAt
        self.abandonedAt = abandonedAt
        self.waitSeconds = waitSeconds
        self.talkSeconds = talkSeconds
        self.agent = agent
        self.outcome = outcome
        self.ringNoAnswerCount = ringNoAnswerCount
        self.caller = caller
    }

    /// `text` as an E.164 caller number, or nil (empty, `anonymous`, `unknown`, not a number).
    package static func callerNumber(_ text: String?) -> String? {
        // Trimmed by hand: Foundation's trimming was a tenth of an import's parsing.
        guard let text, let first = text.firstIndex(where: { !$0.isWhitespace }), let last = text.lastIndex(where: { !$0.isWhitespace }) else {
            return nil
        }
        return try? PhoneNumber(String(text[first...last])).e164
    }

    /// A key that names this call in this queue independently of the import:
    /// `queue|callId|offered epoch seconds`. Importing the same source twice yields the same keys.
    package var dedupKey: String {
        "\(queue)|\(callId)|\(offeredSecond)"
    }

    /// The epoch second the call was offered in (rounded down): the last part of ``dedupKey``.
    package var offeredSecond: Int64 { Self.epochSecond(offeredAt) }

    /// The epoch second `date` falls in (rounded down), as ``offeredSecond`` counts it.
    package static func epochSecond(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
}
