import Foundation
import Kernel
import Practice
import Testing

@testable import Agenda

@Suite struct AgendaConfigurationTests {
    func issues(_ yaml: String) throws -> [ConfigurationIssue] {
        let doc = try ConfigurationDocument(yaml: yaml)
        let practice = try PracticePlugin(configuration: doc)
        do {
            _ = try AgendaPlugin(configuration: doc, directory: practice.directory)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func examplePracticeLoadsEveryPractitionerRule() throws {
        let doc = try ConfigurationDocument(yaml: ExamplePractice.yaml)
        let practice = try PracticePlugin(configuration: doc)
        let agenda = try AgendaPlugin(configuration: doc, directory: practice.directory)
        let martin = try #require(agenda.core.rules.practitioner("dr-martin"))
        #expect(martin.acceptsNewPatients == false)
        #expect(martin.schedule["centre"]?[.monday]?.map(\.description) == ["08:30-12:00", "14:00-19:00"])
        #expect(martin.type("urgence")?.bookableBy == [.staff])
        #expect(martin.type("urgence")?.releaseHoursBefore == 2)
        #expect(martin.reservedBlocks.count == 2)
        #expect(martin.exceptions.count == 2)
        let roux = try #require(agenda.core.rules.practitioner("dr-roux"))
        #expect(roux.type("vaccination")?.capacity == 3)
        #expect(roux.type("consultation")?.stepMinutes == 25) // 20 minutes + 5 buffer
        #expect(agenda.core.rules.practitioner("dr-benali")?.siteIds == ["centre", "chenes"])
    }

    /// A practitioner is at one site at a time: overlapping ranges at two sites on one weekday are
    /// refused; ranges that only touch are not.
    @Test func twoSitesCannotOverlap() throws {
        let yaml = smallPractice(
            practitioner: """
                - id: dr-test
                  name: Dr Test
                  specialty: médecine générale
                  schedule:
                    centre: {monday: ["08:00-12:00", "14:00-15:00"], tuesday: ["08:00-12:00"]}
                    annexe: {monday: ["09:00-10:00"], tuesday: ["12:00-14:00"], wednesday: ["08:00-12:00"]}
                  appointmentTypes:
                    - {id: consultation, minutes: 20}
                """, otherSites: ["annexe"])
        let found = try issues(yaml).filter { $0.message.contains("one site at a time") }
        #expect(found.map(\.path) == ["practitioners[0].schedule.annexe.monday"])
        #expect(found.first?.message.contains("09:00") == true && found.first?.message.contains("centre") == true)
    }

    @Test func agendaRulesReportEveryIssue() throws {
        let yaml = smallPractice(
            practitioner: """
                - id: dr-test
                  name: Dr Test
                  specialty: médecine générale
                  schedule:
                    centre:
                      monday: ["12:00-08:00", "14:00-18:00", "17:00-19:00"]
                      funday: ["09:00-10:00"]
                  appointmentTypes:
                    - {id: consultation, minutes: 20, audience: everyone}
                    - {id: consultation, minutes: 0, bookableBy: [boss]}
                    - {id: garde, minutes: 720, bufferMinutes: 721}
                  reservedBlocks:
                    - {site: centre, days: [monday, caturday], time: "11:00-11:30", types: [urgence]}
                    - {site: chenes, days: [monday], time: "11:00-11:30", types: [consultation]}
                  exceptions:
                    - {date: "2026-02-30", closed: true}
                    - {date: "2026-03-02", site: ailleurs, ranges: ["09:00-10:00"]}
                    - {date: "2026-03-03"}
                """)
        let found = try issues(yaml)
        let byPath = Dictionary(found.map { ($0.path, $0.message) }, uniquingKeysWith: { a, b in a + " | " + b })
        #expect(byPath["practitioners[0].schedule.centre.monday[0]"]?.contains("ends before it starts") == true)
        #expect(byPath["practitioners[0].schedule.centre.monday"]?.contains("overlap") == true)
        #expect(byPath["practitioners[0].schedule.centre.funday"]?.contains("unknown weekday") == true)
        #expect(byPath["practitioners[0].appointmentTypes[0].audience"] != nil)
        #expect(byPath["practitioners[0].appointmentTypes[1].id"]?.contains("duplicate") == true)
        #expect(byPath["practitioners[0].appointmentTypes[1].minutes"] != nil)
        #expect(byPath["practitioners[0].appointmentTypes[1].bookableBy[0]"]?.contains("unknown role") == true)
        #expect(byPath["practitioners[0].appointmentTypes[2].bufferMinutes"]?.contains("at most a day") == true)
        #expect(byPath["practitioners[0].reservedBlocks[0].types[0]"]?.contains("unknown appointment type \"urgence\"") == true)
        #expect(byPath["practitioners[0].reservedBlocks[0].days[1]"] != nil)
        #expect(byPath["practitioners[0].reservedBlocks[1].site"]?.contains("unknown site") == true)
        #expect(byPath["practitioners[0].exceptions[0].date"] != nil)
        #expect(byPath["practitioners[0].exceptions[1].site"]?.contains("unknown site") == true)
        #expect(byPath["practitioners[0].exceptions[2]"] != nil)
        // Lines point into the file.
        #expect(found.first { $0.path == "practitioners[0].reservedBlocks[0].types[0]" }?.line != nil)
    }
}
