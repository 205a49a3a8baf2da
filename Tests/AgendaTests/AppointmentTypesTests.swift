import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Agenda

/// `agenda.types` tells the secretary what can be booked with whom: the rules as configured, the
/// defaults filled in.
@Suite struct AppointmentTypesTests {
    @Test func onePractitionersTypesWithTheirRules() async throws {
        let h = try await AgendaHarness()
        let list = try await h.ok("agenda.types", ["practitionerId": "dr-benali"])
        #expect(list.arrayValue?.count == 1)
        let benali = try #require(list[0])
        #expect(benali["practitionerName"] == "Dr Karim Benali" && benali["acceptsNewPatients"] == true)
        #expect(Set(benali["sites"]?.arrayValue ?? []) == ["centre", "chenes"])
        let types = Dictionary(uniqueKeysWithValues: (benali["types"]?.arrayValue ?? []).map { ($0["id"]!.stringValue!, $0) })
        #expect(types.keys.sorted() == ["certificat-sport", "consultation", "premiere-consultation", "teleconsultation", "urgence"])
        let consultation = try #require(types["consultation"])
        #expect(consultation["minutes"] == 20 && consultation["stepMinutes"] == 20 && consultation["capacity"] == 1)
        #expect(consultation["audience"] == "all" && consultation["mode"] == "cabinet" && consultation["bookableBy"] == nil)
        #expect(types["premiere-consultation"]?["audience"] == "new" && types["premiere-consultation"]?["minNoticeMinutes"] == 1440)
        #expect(types["certificat-sport"]?["horizonDays"] == 60)
        #expect(types["teleconsultation"]?["mode"] == "video" && types["teleconsultation"]?["audience"] == "existing")
        #expect(types["urgence"]?["bookableBy"] == ["staff"] && types["urgence"]?["releaseHoursBefore"] == 2)
    }

    @Test func everyPractitionerWithoutParams() async throws {
        let h = try await AgendaHarness()
        let all = try await h.ok("agenda.types", [:])
        let ids = (all.arrayValue ?? []).compactMap { $0["practitionerId"]?.stringValue }
        #expect(ids == h.plugin.core.rules.practitioners.map(\.id))
        #expect(ids.contains("dr-benali") && ids.contains("dr-martin"))
        #expect(all.arrayValue?.allSatisfy { ($0["types"]?.arrayValue?.isEmpty == false) } == true)
    }

    @Test func anUnknownPractitionerIsNamed() async throws {
        let h = try await AgendaHarness()
        let e = await h.error("agenda.types", ["practitionerId": "dr-inconnu"])
        #expect(e?.code.rawValue == -32022 && e?.data?["field"] == "practitionerId")
        #expect(await h.error("agenda.types", ["practitionerId": 3])?.data?["field"] == "practitionerId")
    }
}
