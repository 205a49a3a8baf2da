import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Practice

/// `practice.info`, `practice.sites`, `practice.practitioners` with the example practice.
@Suite struct PracticeInfoRPCTests {
    @Test func infoHoldsTheProfile() async throws {
        let h = try await PracticeHarness()
        let info = try await h.ok("practice.info")
        #expect(info["name"]?.stringValue == "Maison de santé pluriprofessionnelle des Tilleuls")
        #expect(info["timezone"]?.stringValue == "Europe/Paris")
        #expect(info["phone"]?.stringValue == "+33465710010")
        #expect(info["fax"]?.stringValue == "+33465710019")
        #expect(info["website"]?.stringValue == "https://msp-tilleuls.example")
        #expect(info["insurance"]?["conventionnement"]?.stringValue == "secteur 1")
        #expect(info["insurance"]?["tiersPayant"]?.stringValue == "partiel")
        #expect(info["insurance"]?["carteVitale"]?.boolValue == true)
        #expect(info["specialties"]?.arrayValue?.contains("pédiatrie") == true)
        #expect((info["services"]?.arrayValue?.count ?? 0) >= 3)
        let sites = try #require(info["sites"]?.arrayValue)
        #expect(sites.map { $0["id"]?.stringValue } == ["centre", "chenes"])
        #expect(sites[0]["address"]?["singleLine"]?.stringValue == "12 avenue des Tilleuls, 26410 Villeneuve-sur-Lauze")
        #expect(sites[0]["access"]?["parking"]?.stringValue?.contains("Parking gratuit") == true)
        #expect(sites[0]["phoneHours"]?["monday"] == ["08:00-12:30", "13:30-19:00"])
        let practitioners = try #require(info["practitioners"]?.arrayValue)
        let martin = try #require(practitioners.first { $0["id"]?.stringValue == "dr-martin" })
        #expect(martin["specialty"]?.stringValue == "médecine générale")
        #expect(martin["acceptsNewPatients"]?.boolValue == false)
        #expect(martin["sites"] == ["centre"])
        let benali = try #require(practitioners.first { $0["id"]?.stringValue == "dr-benali" })
        #expect(Set(benali["sites"]?.arrayValue?.compactMap(\.stringValue) ?? []) == ["centre", "chenes"])
        #expect(info["closures"]?.arrayValue?.first?["reason"]?.stringValue == "Pont de l'Ascension")
    }

    @Test func sitesAndFilteredPractitioners() async throws {
        let h = try await PracticeHarness()
        let sites = try await h.ok("practice.sites")
        #expect(sites["sites"]?.arrayValue?.count == 2)
        let newAtChenes = try await h.ok("practice.practitioners", ["siteId": "chenes", "acceptsNewPatients": true])
        let ids = newAtChenes["practitioners"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(Set(ids) == ["dr-benali", "dr-roux", "dr-nguyen", "sf-lefebvre"])
        let closed = try await h.ok("practice.practitioners", ["acceptsNewPatients": false])
        #expect(closed["practitioners"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["dr-martin"])
        let error = try await h.failure("practice.practitioners", ["siteId": "nowhere"])
        #expect(error.code.rawValue == -32022)
        #expect(error.field == "siteId")
    }

    @Test func mobilesAreHiddenFromIntegrations() async throws {
        let h = try await PracticeHarness()
        let asScript = try await h.call("practice.practitioners", nil, as: h.session(role: .integration)).get()
        #expect(asScript["practitioners"]?[0]?["mobile"] == nil)
        let asSecretary = try await h.call("practice.practitioners", nil, as: h.session(role: .secretary)).get()
        #expect(asSecretary["practitioners"]?[0]?["mobile"]?.stringValue == "+33639981201")
    }

    @Test func everyMethodIsDiscoverable() async throws {
        let h = try await PracticeHarness()
        let doc = try await h.ok("rpc.discover")
        let names = Set(doc["methods"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
        for name in [
            "practice.info", "practice.sites", "practice.practitioners", "calendar.isOpen", "calendar.openingHours",
            "calendar.nextBusinessDay", "patients.create", "patients.get", "patients.update", "patients.search",
            "patients.addRelatedPerson", "patients.removeRelatedPerson", "contacts.record", "contacts.history"
        ] {
            #expect(names.contains(name), "\(name) missing from rpc.discover")
        }
    }
}
