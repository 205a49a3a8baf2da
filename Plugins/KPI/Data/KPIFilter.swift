import JSONRPC

/// Restricts the contacts an indicator is computed on. A nil field does not filter.
///
/// Journal entries carry neither site nor practitioner, so a site or practitioner filter keeps only
/// imported calls whose queue maps to it (see `kpi.queues` in Docs/kpi.md).
package struct KPIFilter: Sendable, Hashable, Codable {
    package var site: String?
    package var practitioner: String?
    package var motive: String?
    package var channel: String?

    /// No filter: every contact counts. A filter with fields comes from a call's params (`init(from:)`).
    package init() {}

    /// The filter as the indicator methods take it, among their other params (decoded from the same
    /// object with `init(from:)`).
    static let paramsFields: [Schema.Field] = [
        optional("site", .string), optional("practitioner", .string), optional("motive", .string), optional("channel", .string)
    ]

    package func matches(_ c: KPIContact) -> Bool {
        (site == nil || c.site == site) && (practitioner == nil || c.practitioner == practitioner)
            && (motive == nil || c.motive == motive) && (channel == nil || c.channel == channel)
    }
}
