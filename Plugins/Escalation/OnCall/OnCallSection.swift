import Foundation

/// The `oncall` section as written in configuration: the rotation, dated overrides and the backups.
struct OnCallSection: Decodable, Sendable {
    var rotation: OnCallRotation
    var overrides: [OnCallOverride]
    /// Backups paged by steps `notify: oncall-backup`, in order, skipping whoever is on call.
    var chain: [String]

    private enum CodingKeys: String, CodingKey { case rotation, overrides, chain }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rotation = try c.decode(OnCallRotation.self, forKey: .rotation)
        overrides = try c.decodeIfPresent([OnCallOverride].self, forKey: .overrides) ?? []
        chain = try c.decodeIfPresent([String].self, forKey: .chain) ?? []
    }
}
