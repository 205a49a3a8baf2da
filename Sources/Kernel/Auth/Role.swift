/// Who a session acts as. Roles are ordered: each role may do what the roles below it may.
///
/// `integration` (scripts) < `secretary` (the answering service) < `practitioner` < `staff`
/// (the practice's own staff) < `admin` (the local operator).
package enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case integration, secretary, practitioner, staff, admin

    var rank: Int { Role.allCases.firstIndex(of: self)! }
    package static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }

    /// Whether a session with this role may call a method that requires `required`.
    package func satisfies(_ required: Role) -> Bool { self >= required }
    /// A practice's own people (`staff`, `practitioner`): their tokens act for exactly one practice.
    /// The answering service's roles (`secretary`, `integration`, `admin`) may act for several.
    package var isPracticeOwn: Bool { self == .staff || self == .practitioner }
}
