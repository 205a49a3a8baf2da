import Foundation

@testable import Practice

/// The instant of an RFC 3339 timestamp with offset, e.g. "2026-03-29T06:00:00Z".
func instant(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    guard let date = formatter.date(from: text) else { fatalError("bad test timestamp \(text)") }
    return date
}

func date(_ text: String) -> LocalDate {
    guard let date = LocalDate(text) else { fatalError("bad test date \(text)") }
    return date
}

func time(_ text: String) -> LocalTime {
    guard let time = LocalTime(text) else { fatalError("bad test time \(text)") }
    return time
}

func ranges(_ texts: String...) -> [LocalTimeRange] {
    texts.map { text in
        guard let range = LocalTimeRange(text) else { fatalError("bad test range \(text)") }
        return range
    }
}

let paris = TimeZone(identifier: "Europe/Paris")!
