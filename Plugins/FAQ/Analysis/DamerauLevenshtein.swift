/// Edit distance between two words where an adjacent transposition counts as one edit
/// (the "optimal string alignment" variant of Damerau–Levenshtein).
package enum DamerauLevenshtein {
    /// The distance between `a` and `b`, or `nil` as soon as it is known to exceed `limit`.
    package static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int? {
        var scratch = Scratch(capacity: max(a.count, b.count) + 1)
        return distance(a, b, limit: limit, scratch: &scratch)
    }

    /// Reusable rows, so that scanning a vocabulary does not allocate per candidate.
    struct Scratch {
        var previous2: [Int]
        var previous: [Int]
        var current: [Int]

        init(capacity: Int) {
            previous2 = Array(repeating: 0, count: capacity)
            previous = Array(repeating: 0, count: capacity)
            current = Array(repeating: 0, count: capacity)
        }
    }

    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int, scratch: inout Scratch) -> Int? {
        let n = a.count
        let m = b.count
        if abs(n - m) > limit { return nil }
        if n == 0 || m == 0 { return max(n, m) <= limit ? max(n, m) : nil }
        if scratch.current.count < m + 1 { scratch = Scratch(capacity: m + 1) }
        for j in 0...m { scratch.previous[j] = j }
        for i in 1...n {
            scratch.current[0] = i
            var rowMin = i
            for j in 1...m {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(scratch.previous[j] + 1, scratch.current[j - 1] + 1, scratch.previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, scratch.previous2[j - 2] + 1)
                }
                scratch.current[j] = value
                rowMin = min(rowMin, value)
            }
            if rowMin > limit { return nil }
            swap(&scratch.previous2, &scratch.previous)
            swap(&scratch.previous, &scratch.current)
        }
        let d = scratch.previous[m]
        return d <= limit ? d : nil
    }
}
