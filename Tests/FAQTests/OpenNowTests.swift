import Foundation
import JSONRPC
import Kernel
import Testing

/// `open-now` is computed from the calendar at the moment of the question (the injected clock).
/// The example practice's centre answers Mon–Thu 8:00–12:30 and 13:30–19:00, Friday until 18:30,
/// Saturday 8:30–12:00; the Chênes antenna closes for the summer in August 2027.
@Suite("open-now")
struct OpenNowTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let at: String
        let site: String
        let expected: String
        var testDescription: String { "\(site) at \(at)" }
    }

    @Test(
        "around lunch",
        arguments: [
            Case(
                at: "2026-03-10T12:29:00+01:00", site: "centre",
                expected: "Maison de santé des Tilleuls (centre-ville) est ouvert en ce moment, jusqu'à 12 h 30 (pause de midi, réouverture à 13 h 30)."),
            Case(
                at: "2026-03-10T12:30:00+01:00", site: "centre",
                expected: "Maison de santé des Tilleuls (centre-ville) est fermé en ce moment (pause de midi). Réouverture aujourd'hui à 13 h 30."),
            Case(
                at: "2026-03-10T13:29:59+01:00", site: "centre",
                expected: "Maison de santé des Tilleuls (centre-ville) est fermé en ce moment (pause de midi). Réouverture aujourd'hui à 13 h 30."),
            Case(
                at: "2026-03-10T13:30:00+01:00", site: "centre",
                expected: "Maison de santé des Tilleuls (centre-ville) est ouvert en ce moment, jusqu'à 19 h."),
            Case(
                at: "2026-03-11T12:15:00+01:00", site: "chenes",
                expected: "Antenne des Chênes (quartier des Chênes) est fermé en ce moment. Réouverture demain à 8 h 30.")
        ])
    func lunch(_ c: Case) async throws {
        let harness = try await FAQHarness.make(at: instant(c.at))
        #expect(try await harness.openNow(siteId: c.site) == c.expected)
    }

    @Test(
        "at closing time",
        arguments: [
            Case(
                at: "2026-03-10T18:59:00+01:00", site: "centre",
                expected: "Maison de santé des Tilleuls (centre-ville) est ouvert en ce moment, jusqu'à 19 h."),
            Case(
                at: "2026-03-10T19:00:00+01:00", site: "centre",
                expected: "Maison de santé des Tilleuls (centre-ville) est fermé en ce moment. Réouverture demain à 8 h."),
            Case(
                at: "2026-03-13T18:30:00+01:00", site: "centre",
                expected: "Maison de santé des Tilleuls (centre-ville) est fermé en ce moment. Réouverture demain à 8 h 30."),
            Case(
                at: "2026-03-14T12:00:00+01:00", site: "centre",
                expected: "Maison de santé des Tilleuls (centre-ville) est fermé en ce moment. Réouverture lundi 16 mars à 8 h.")
        ])
    func closingTime(_ c: Case) async throws {
        let harness = try await FAQHarness.make(at: instant(c.at))
        #expect(try await harness.openNow(siteId: c.site) == c.expected)
    }

    @Test(
        "on a public holiday and a practice closure",
        arguments: [
            Case(
                at: "2026-04-06T10:00:00+02:00", site: "centre",
                expected: "Maison de santé des Tilleuls (centre-ville) est fermé en ce moment (jour férié : Lundi de Pâques). Réouverture demain à 8 h."),
            Case(
                at: "2026-04-04T12:00:00+02:00", site: "centre",
                expected: "Maison de santé des Tilleuls (centre-ville) est fermé en ce moment. Réouverture mardi 7 avril à 8 h."),
            Case(
                at: "2027-08-10T10:00:00+02:00", site: "chenes",
                expected:
                    "Antenne des Chênes (quartier des Chênes) est fermé en ce moment (Fermeture estivale de l'antenne, jusqu'au dimanche 22 août inclus). Réouverture lundi 23 août à 8 h 30."
            ),
            Case(
                at: "2027-08-10T10:00:00+02:00", site: "centre",
                expected: "Maison de santé des Tilleuls (centre-ville) est ouvert en ce moment, jusqu'à 12 h 30 (pause de midi, réouverture à 13 h 30).")
        ])
    func holiday(_ c: Case) async throws {
        let harness = try await FAQHarness.make(at: instant(c.at))
        #expect(try await harness.openNow(siteId: c.site) == c.expected)
    }

    @Test("across the daylight-saving changes (29 March and 25 October 2026)")
    func daylightSaving() async throws {
        let centre = "Maison de santé des Tilleuls (centre-ville)"
        let harness = try await FAQHarness.make(at: instant("2026-03-28T12:05:00+01:00"))
        #expect(try await harness.openNow(siteId: "centre") == "\(centre) est fermé en ce moment. Réouverture lundi 30 mars à 8 h.")
        // Monday 30 March, summer time: 8:00 local is 06:00 UTC, no longer 07:00.
        harness.clock.set(instant("2026-03-30T05:59:00Z"))
        #expect(try await harness.openNow(siteId: "centre") == "\(centre) est fermé en ce moment. Réouverture aujourd'hui à 8 h.")
        harness.clock.set(instant("2026-03-30T06:00:00Z"))
        #expect(
            try await harness.openNow(siteId: "centre")
                == "\(centre) est ouvert en ce moment, jusqu'à 12 h 30 (pause de midi, réouverture à 13 h 30).")
        // Back to winter time: Monday 26 October 8:00 local is 07:00 UTC.
        harness.clock.set(instant("2026-10-24T12:00:00+02:00"))
        #expect(try await harness.openNow(siteId: "centre") == "\(centre) est fermé en ce moment. Réouverture lundi 26 octobre à 8 h.")
        harness.clock.set(instant("2026-10-26T06:59:00Z"))
        #expect(try await harness.openNow(siteId: "centre") == "\(centre) est fermé en ce moment. Réouverture aujourd'hui à 8 h.")
        harness.clock.set(instant("2026-10-26T07:00:00Z"))
        #expect(
            try await harness.openNow(siteId: "centre")
                == "\(centre) est ouvert en ce moment, jusqu'à 12 h 30 (pause de midi, réouverture à 13 h 30).")
    }

    @Test("faq.ask answers a patient's 'are you open now' with the state at the moment of the call")
    func askedByAPatient() async throws {
        let harness = try await FAQHarness.make(at: instant("2026-03-10T12:45:00+01:00"))
        let reply = try await harness.result("faq.ask", ["question": "vous êtes ouvert là maintenant ?", "siteId": "centre"])
        let top = try #require(reply["answers"]?.arrayValue?.first)
        #expect(top["entryId"] == "open-now")
        #expect(top["answer"]?.stringValue?.contains("fermé en ce moment (pause de midi). Réouverture aujourd'hui à 13 h 30") == true)
        harness.clock.set(instant("2026-03-10T14:00:00+01:00"))
        let later = try await harness.result("faq.ask", ["question": "vous êtes ouvert là maintenant ?", "siteId": "centre"])
        #expect(later["answers"]?.arrayValue?.first?["answer"]?.stringValue?.contains("ouvert en ce moment, jusqu'à 19 h") == true)
    }

    @Test("with no site, every site is answered")
    func everySite() async throws {
        let harness = try await FAQHarness.make(at: instant("2026-03-11T15:00:00+01:00"))
        let record = try await harness.result("faq.get", ["id": "open-now"])
        let lines = record["answer"]?.stringValue?.split(separator: "\n") ?? []
        #expect(
            lines == [
                "Maison de santé des Tilleuls (centre-ville) est ouvert en ce moment, jusqu'à 19 h.",
                "Antenne des Chênes (quartier des Chênes) est fermé en ce moment. Réouverture demain à 8 h 30."
            ])
    }
}
