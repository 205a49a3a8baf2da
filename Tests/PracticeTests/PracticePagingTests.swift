import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Practice

/// `patients.search` and `contacts.history` page: the reply keeps its fields and gains
/// `nextCursor`; pages put together are the whole list in its order, every row once.
@Suite struct PracticePagingTests {
    /// Follows `nextCursor` with `limit` 3; the ids found in `field` and the number of pages.
    func paged(_ h: PracticeHarness, _ method: String, _ params: JSONObject, field: String) async throws -> (ids: [String], pages: Int) {
        var params = params
        params["limit"] = 3
        var ids: [String] = []
        var pages = 0
        while pages < 20 {
            let page = try await h.ok(method, .object(params))
            let items = page[field]?.arrayValue ?? []
            #expect(items.count <= 3)
            ids += items.compactMap { $0["id"]?.stringValue }
            pages += 1
            guard let next = page["nextCursor"] else { break }
            params["cursor"] = next
        }
        return (ids, pages)
    }

    @Test func searchPagesThroughEveryMatchOnce() async throws {
        let h = try await PracticeHarness()
        // Two pairs with the same names: the order falls back on the id.
        for (first, day) in [("Luc", 1), ("Anne", 2), ("Luc", 3), ("Zoé", 4), ("Élise", 5), ("Anne", 6), ("Marc", 7)] {
            _ = try await h.createPatient("Bernard", first, born: "2000-01-0\(day)")
        }
        _ = try await h.createPatient("Martin", "Luc", born: "2000-01-08")
        let whole = try await h.ok("patients.search", ["text": "bernard", "limit": 200])
        let expected = whole["patients"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(expected.count == 7 && whole["nextCursor"] == nil && whole["truncated"] == false)
        let result = try await paged(h, "patients.search", ["text": "bernard"], field: "patients")
        #expect(result.pages == 3)
        #expect(result.ids == expected)
        let firstPage = try await h.ok("patients.search", ["text": "bernard", "limit": 3])
        #expect(firstPage["truncated"] == true && firstPage["nextCursor"] != nil)
    }

    @Test func historyPagesThroughEveryEntryOnce() async throws {
        let h = try await PracticeHarness(now: "2026-06-15T18:00:00+02:00")
        let id = try await h.createPatient("Dupont", "Léo", born: "2020-02-02", phone: "06 33 33 33 33")
        // Two entries at the same instant, and calls from the patient's number with no patient attached.
        for (hour, withPatient) in [("09", true), ("08", true), ("10", false), ("08", true), ("11", true), ("07", false), ("12", true)] {
            var params: JSONObject = [
                "channel": "phone", "direction": "inbound", "motive": "other",
                "caller": ["phone": "06 33 33 33 33", "relationship": "self"],
                "offeredAt": .string("2026-06-15T\(hour):00:00+02:00")
            ]
            if withPatient { params["patientId"] = .string(id) }
            _ = try await h.ok("contacts.record", .object(params))
        }
        for params: JSONObject in [["patientId": .string(id)], ["phone": "06 33 33 33 33"]] {
            let whole = try await h.ok("contacts.history", .object(params))
            let entries = whole["entries"]?.arrayValue ?? []
            let expected = entries.compactMap { $0["id"]?.stringValue }
            #expect(expected.count == 7 && whole["nextCursor"] == nil)
            #expect(entries.compactMap { $0["offeredAt"]?.stringValue } == entries.compactMap { $0["offeredAt"]?.stringValue }.sorted())
            let result = try await paged(h, "contacts.history", params, field: "entries")
            #expect(result.pages == 3)
            #expect(result.ids == expected, "every entry once, oldest first")
        }
    }

    static let refused: [(String, String, JSONValue)] = [
        ("patients.search", "limit", .int(0)), ("patients.search", "cursor", "%%%"),
        ("contacts.history", "limit", .int(201)), ("contacts.history", "cursor", .string(PageCursor.encode([.text("x"), .int(1)])))
    ]

    @Test(arguments: refused)
    func boundsAreNamed(method: String, field: String, value: JSONValue) async throws {
        let h = try await PracticeHarness()
        var params: JSONObject = method == "patients.search" ? ["text": "bernard"] : ["phone": "06 33 33 33 33"]
        params[field] = value
        let e = try await h.failure(method, .object(params))
        #expect(e.code.rawValue == -32602)
        #expect(e.data?["field"]?.stringValue == field)
    }
}
