import Foundation

/// The known name closest to a misspelt one, for "did you mean" hints in configuration errors.
package enum NearestName {
    /// The name of `candidates` at the smallest edit distance from `name` (ignoring case), if it
    /// is close enough to be a likely typo: at most a third of the longer name's length.
    package static func suggestion(for name: String, among candidates: [String]) -> String? {
        let target = Array(name.lowercased())
        var best: (name: String, distance: Int)?
        for c in candidates {
            let d = distance(target, Array(c.lowercased()))
            if d < (best?.distance ?? .max) { best = (c, d) }
        }
        guard let best, best.distance > 0, best.distance <= max(2, max(target.count, best.name.count) / 3) else { return nil }
        return best.name
    }

    /// Levenshtein distance (insertions, deletions and substitutions each cost 1).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
