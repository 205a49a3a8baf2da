/// Fits a filled SMS template into one segment without cutting what its reader acts on.
///
/// An alert carries a number to call back and a reference to reply with: cutting the number
/// sends the practitioner to a wrong number, cutting the reference leaves the reply unmatched.
/// So the text is never cut at the end. When the filled text is longer than `limit`, only the
/// values named in `shortenable` (the practice's name, a name, a free text) are shortened, in
/// that order, each as little as needed (a prefix, trailing spaces dropped). If the text still
/// does not fit with all of them empty, it is returned whole, as filled: a two-segment SMS that
/// says the right number is better than one segment that says a wrong one.
///
/// Both alert producers (Messaging's urgent message, Escalation's pages) fill their templates
/// through this one rule; each measures with its own GSM-7 table.
public enum SMSFit {
    /// The text `render(values)` fitted to `limit` as described on the type; `measure` gives the
    /// length of a rendered text in the units `limit` counts (septets for GSM-7).
    public static func fill(_ values: [String: String], shortenable: [String], limit: Int,
                            measure: (String) -> Int, render: ([String: String]) -> String) -> String {
        let whole = render(values)
        guard measure(whole) > limit else { return whole }
        var current = values
        for key in shortenable {
            guard let original = current[key], !original.isEmpty else { continue }
            let characters = Array(original)
            func candidate(_ kept: Int) -> [String: String] {
                var v = current
                var cut = String(characters[..<kept])
                while cut.last?.isWhitespace == true { cut.removeLast() }
                v[key] = cut
                return v
            }
            if measure(render(candidate(0))) <= limit {
                // Rendered length grows with the kept length: the longest prefix that fits, by bisection.
                var low = 0, high = characters.count - 1
                while low < high {
                    let middle = (low + high + 1) / 2
                    if measure(render(candidate(middle))) <= limit { low = middle } else { high = middle - 1 }
                }
                return render(candidate(low))
            }
            current[key] = ""
        }
        return whole
    }
}
