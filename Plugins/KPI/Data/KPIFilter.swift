/// Restricts the contacts an indicator is computed on. A nil field does not filter.
///
/// Journal entries carry neither site nor practitioner, so a site or practitioner filter keeps only
/// imported calls whose queue maps to it (see `kpi.queues` in Docs/kpi.md).
package struct KPIFilter: Sendable, Hashable, Codable {
    package var site: String?
    package var practitioner: String?
    package var motive: String?
    package var channel: String?

    package init(site: String? = nil, practitioner: String? = nil, motive: String? = nil, channel: String? = nil) {
        self.site = site
        self.practitioner = practitioner
        self.motive = motive
        self.channel = channel
    }

    package func matches(_ c: KPIContact) -> Bool {
        (site == nil || c.site == site) && (practitioner == nil || c.practitioner == practitioner)
            && (motive == nil || c.motive == motive) && (channel == nil || c.channel == channel)
    }
}
