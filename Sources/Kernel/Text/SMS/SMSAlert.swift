/// One-segment SMS alerts: a template filled with values, normalised (``SMSText``) and kept to
/// one segment without cutting what its reader acts on; and the load-time check of SMS templates.
///
/// An alert carries a number to call back and a reference to reply with: cutting the number
/// sends the practitioner to a wrong number, cutting the reference leaves the reply unmatched.
/// So the text is never cut at the end. When the filled text is too long, only the values named
/// in `shortenable` (the practice's name, a free text) are shortened, in that order, each as
/// little as needed (a prefix, trailing spaces dropped, then `ellipsis` when one is given). If the
/// text still does not fit with all of them empty, it goes whole, as filled: a two-segment SMS
/// that says the right number is better than one segment that says a wrong one.
///
/// Every alert producer (Messaging's urgent message, Escalation's pages) fills its templates with
/// ``text(_:shortenable:ellipsis:maxSegments:render:)``, and every SMS template of the
/// configuration is checked with ``problem(template:filled:)``.
package enum SMSAlert {
    /// The longest number an SMS can carry: `+` and the 15 digits E.164 allows (16 characters).
    /// Templates are checked filled with it.
    package static let longestNumber = "+" + String(repeating: "9", count: 15)

    /// The alert `render(values)`, normalised, within `maxSegments` as described on the type.
    package static func text(
        _ values: [String: String], shortenable: [String], ellipsis: String = "", maxSegments: Int = 1,
        render: ([String: String]) -> String
    ) -> SMSText {
        SMSText(
            fit(
                values, shortenable: shortenable, ellipsis: ellipsis, limit: maxSegments,
                measure: { SMSText($0).segmentCount }, render: render))
    }

    /// The text `render(values)` fitted to `limit` as described on the type; `measure` gives the
    /// size of a rendered text in the units `limit` counts (segments for ``text(_:shortenable:ellipsis:maxSegments:render:)``).
    package static func fit(
        _ values: [String: String], shortenable: [String], ellipsis: String = "", limit: Int,
        measure: (String) -> Int, render: ([String: String]) -> String
    ) -> String {
        let whole = render(values)
        guard measure(whole) > limit else { return whole }
        var current = values
        for key in shortenable {
            guard let original = current[key], !original.isEmpty else { continue }
            let characters = Array(original)
            func candidate(_ kept: Int) -> [String: String] {
                var v = current
                guard kept > 0 else {
                    v[key] = ""
                    return v
                }
                var cut = String(characters[..<kept])
                while cut.last?.isWhitespace == true { cut.removeLast() }
                v[key] = cut + ellipsis
                return v
            }
            if measure(render(candidate(0))) <= limit {
                // The rendered size grows with the kept length: the longest prefix that fits, by bisection.
                var low = 0
                var high = characters.count - 1
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

    /// Why `template`, filled with the longest values as `filled`, cannot be sent as a one-segment
    /// alert, or nil. The template's own letters must be GSM-7 once its typography is made plain
    /// (é è ù à are, ê ç â î ô û are not: the SMS would not say what was written), and the filled
    /// text, normalised as it will be sent, must be GSM-7 and fit one segment.
    package static func problem(template: String, filled: String) -> String? {
        let outside = GSM7.unsupported(SMSText.typographic(template))
        if !outside.isEmpty {
            return "characters outside the GSM-7 alphabet: \(quoted(outside)) (é è ù à are allowed; ê ç â î ô û are not)"
        }
        let sms = SMSText(filled)
        if sms.encoding == .ucs2 {
            return "not GSM-7 once filled (characters \(quoted(GSM7.unsupported(sms.text)))): "
                + "the SMS would be sent as UCS-2, \(SMSEncoding.ucs2.singleSegmentCapacity) characters per segment"
        }
        if sms.segmentCount > 1 {
            let number = filled.contains(longestNumber) ? ", a number of \(longestNumber.count) characters included" : ""
            return "\(sms.units) characters with the longest values\(number): "
                + "it must fit one SMS segment (\(SMSEncoding.gsm7.singleSegmentCapacity))"
        }
        return nil
    }

    private static func quoted(_ characters: [Character]) -> String {
        characters.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
