package import Foundation

/// One column of a row's sort key, as a keyset cursor holds it.
package enum PageKey: Sendable, Hashable, Codable {
    case int(Int64)
    case real(Double)
    case text(String)

    package init(_ value: Int64) { self = .int(value) }
    package init(_ value: Int) { self = .int(Int64(value)) }
    package init(_ value: String) { self = .text(value) }
    /// An instant, as the stores keep them: seconds since 1970.
    package init(_ value: Date) { self = .real(value.timeIntervalSince1970) }

    package var int: Int64? { if case .int(let v) = self { v } else { nil } }
    package var text: String? { if case .text(let v) = self { v } else { nil } }
    /// A `real` (or an `int`) as a number.
    package var real: Double? {
        switch self {
        case .real(let v): v
        case .int(let v): Double(v)
        case .text: nil
        }
    }
    package var date: Date? { real.map { Date(timeIntervalSince1970: $0) } }
}
