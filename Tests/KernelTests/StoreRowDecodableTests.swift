import Foundation
import Kernel
import Testing

/// Row types read through `Decodable`: each key from its column (or the one `columnNames` gives),
/// instants from UTC seconds, enumerations from raw values, a nested value from its prefixed columns.
@Suite struct StoreRowDecodableTests {
    struct Person: Codable, Equatable {
        var name: String?
        var phone: String?
    }

    struct Visit: Codable, Equatable, StoreRowDecodable {
        enum Kind: String, Codable { case first, followUp }
        var id: String
        var kind: Kind
        var at: Date
        var endedAt: Date?
        var count: Int
        var urgent: Bool
        var visitor: Person?
        /// Held by no table.
        var flagged: Bool?
        static let columnNames = ["kind": "visitKind"]
    }

    static let columns = ["id", "visitKind", "at", "endedAt", "count", "urgent", "visitorName", "visitorPhone"]

    static func row(_ values: [StoreValue], columns: [String] = columns) -> StoreRow {
        StoreRow(columns: StoreColumns(columns), values: values)
    }

    @Test func readsEachKeyFromItsColumn() {
        let visit = Visit(
            row: Self.row([.text("v1"), .text("followUp"), .real(1_000), .integer(2_000), .integer(3), .integer(1), .null, .text("+33612345678")]))
        #expect(
            visit
                == Visit(
                    id: "v1", kind: .followUp, at: Date(timeIntervalSince1970: 1_000), endedAt: Date(timeIntervalSince1970: 2_000), count: 3,
                    urgent: true, visitor: Person(name: nil, phone: "+33612345678"), flagged: nil))
    }

    @Test func nullColumnsGiveNilOptionalsAndNestedValues() {
        let visit = Visit(row: Self.row([.text("v2"), .text("first"), .real(1_000), .null, .integer(0), .integer(0), .null, .null]))
        #expect(visit.endedAt == nil)
        #expect(visit.visitor == nil)
        #expect(visit.flagged == nil)
    }

    @Test func namesMatchWhateverTheirCase() {
        let lowered = Self.columns.map { $0.lowercased() }
        let visit = Visit(
            row: Self.row([.text("v3"), .text("first"), .real(5), .null, .integer(1), .integer(0), .text("Claire"), .null], columns: lowered))
        #expect(visit.visitor == Person(name: "Claire", phone: nil))
        #expect(visit.at == Date(timeIntervalSince1970: 5))
    }
}
