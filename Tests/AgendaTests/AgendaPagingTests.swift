import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Agenda

/// The agenda's lists page in time order: pages put together hold every row once, in order.
@Suite struct AgendaPagingTests {
    /// Follows `nextCursor` with `limit` 2; the rows' ids and the number of pages.
    func paged(_ h: AgendaHarness, _ method: String, _ params: JSONObject) async throws -> (ids: [String], pages: Int) {
        var ids: [String] = []
        var params = params
        params["limit"] = 2
        var pages = 0
        while pages < 20 {
            let page = try await h.ok(method, .object(params))
            let items = page["items"]?.arrayValue ?? []
            #expect(items.count <= 2)
            ids += items.compactMap { $0["id"]?.stringValue }
            pages += 1
            guard let next = page["nextCursor"] else { break }
            params["cursor"] = next
        }
        return (ids, pages)
    }

    func all(_ h: AgendaHarness, _ method: String, _ params: JSONObject) async throws -> [String] {
        let whole = try await h.ok(method, .object(params))
        #expect(whole["nextCursor"] == nil)
        return whole["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    @Test func appointmentsOfAPractitionerAndOfAPatientPageInTimeOrder() async throws {
        let h = try await AgendaHarness()
        let slots = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"],
                "from": paris("2026-03-02", "00:00"), "to": paris("2026-03-07", "00:00"),
                "newPatient": false, "limit": 50
            ])
        let patients = ["pat-dupont", "pat-leroy", "pat-dupont", "pat-moreau", "pat-dupont", "pat-petit", "pat-dupont"]
        var booked: [String: [String]] = [:]
        // Booked out of time order: lists are in start order whatever the order of booking.
        for (k, i) in [6, 0, 4, 2, 1, 5, 3].enumerated() {
            let slot = try #require(slots.arrayValue?[i * 3])
            let a = try await h.ok(
                "agenda.book",
                [
                    "practitionerId": "dr-benali", "siteId": slot["siteId"] ?? "chenes", "start": slot["start"]!,
                    "appointmentTypeId": "consultation", "patientId": .string(patients[k])
                ])
            booked[patients[k], default: []].append(try #require(a["id"]?.stringValue))
        }
        let window: JSONObject = ["practitionerId": "dr-benali", "from": paris("2026-03-02", "00:00"), "to": paris("2026-03-07", "00:00")]
        let whole = try await all(h, "agenda.appointments", window)
        #expect(whole.count == 7)
        let pagedWindow = try await paged(h, "agenda.appointments", window)
        #expect(pagedWindow.pages == 4)
        #expect(pagedWindow.ids == whole, "every appointment once, in start order")

        let dupont = try await all(h, "agenda.patientAppointments", ["patientId": "pat-dupont"])
        #expect(Set(dupont) == Set(booked["pat-dupont"] ?? []) && dupont.count == 4)
        let pagedDupont = try await paged(h, "agenda.patientAppointments", ["patientId": "pat-dupont"])
        #expect(pagedDupont.pages == 2)
        #expect(pagedDupont.ids == dupont)
        #expect(whole.filter { dupont.contains($0) } == dupont, "oldest first")
    }

    @Test func absencesPageInTimeOrder() async throws {
        let h = try await AgendaHarness()
        var added: [String] = []
        for day in ["2026-03-13", "2026-03-09", "2026-03-11", "2026-03-10", "2026-03-12"] {
            let r = try await h.ok(
                "agenda.addAbsence",
                [
                    "practitionerId": "dr-roux", "from": paris(day, "08:00"), "to": paris(day, "12:00"),
                    "kind": "other"
                ])
            added.append(try #require(r["absence"]?["id"]?.stringValue))
        }
        let whole = try await all(h, "agenda.absences", ["practitionerId": "dr-roux"])
        #expect(whole == [added[1], added[3], added[2], added[4], added[0]])
        let result = try await paged(h, "agenda.absences", ["practitionerId": "dr-roux"])
        #expect(result.pages == 3)
        #expect(result.ids == whole)
    }

    static let refused: [(String, String, JSONValue)] = [
        ("agenda.appointments", "limit", .int(0)), ("agenda.appointments", "cursor", "nope"),
        ("agenda.patientAppointments", "limit", .int(201)), ("agenda.patientAppointments", "cursor", .string(PageCursor.encode([.int(3)]))),
        ("agenda.absences", "limit", .int(-1)), ("agenda.absences", "cursor", "AAAA")
    ]

    @Test(arguments: refused)
    func boundsAreNamed(method: String, field: String, value: JSONValue) async throws {
        let h = try await AgendaHarness()
        var params: JSONObject = [:]
        switch method {
        case "agenda.appointments":
            params = ["practitionerId": "dr-benali", "from": paris("2026-03-02", "00:00"), "to": paris("2026-03-03", "00:00")]
        case "agenda.patientAppointments": params = ["patientId": "pat-dupont"]
        default: break
        }
        params[field] = value
        let e = await h.error(method, .object(params))
        #expect(e?.code.rawValue == -32602)
        #expect(e?.data?["field"]?.stringValue == field)
    }
}
