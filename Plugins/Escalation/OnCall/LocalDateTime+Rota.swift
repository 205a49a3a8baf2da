import Foundation
import Practice

extension LocalDateTime {
    /// The instant this wall-clock time happens in `timeZone`, with the rule the configuration
    /// reference gives for local times of the rota:
    /// - a wall time that happens twice (02:30 on the last Sunday of October) means its first occurrence;
    /// - a wall time that does not exist (02:30 on the last Sunday of March in Europe/Paris) is moved
    ///   forward by the length of the gap (03:30 CEST), as a clock set the evening before would be.
    func instantMovingGapForward(in timeZone: TimeZone) -> Date {
        if let exact = instant(in: timeZone) { return exact }
        let naive = date.daysSince1970 * 86_400 + time.minutesSinceMidnight * 60
        let before = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(naive - 86_400)))
        return Date(timeIntervalSince1970: TimeInterval(naive - before))
    }

    /// Parses `YYYY-MM-DDTHH:mm` (a space may replace `T`; `:00` seconds are accepted).
    init?(parsing text: String) {
        guard let split = text.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }),
            let date = LocalDate(String(text[..<split]))
        else { return nil }
        var timeText = String(text[text.index(after: split)...])
        if timeText.count == 8, timeText.hasSuffix(":00") { timeText.removeLast(3) }
        guard let time = LocalTime(timeText), time != .endOfDay else { return nil }
        self.init(date, time)
    }
}

/// Integer division rounding toward negative infinity (turn numbers before the rota's start date).
func floorDivision(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
