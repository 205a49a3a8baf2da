import Foundation
import JSONRPC
import Testing

/// What the secretary reads, through the built executable with the clock set: a planned closure
/// is a closure, a holiday is named, the lunch break says nothing of the night, and the reasons
/// are French.
@Suite struct ScriptWordingEndToEndTests {
    /// `messaging.script` and `calendar.isOpen` for the centre at `clock`, over stdio.
    static func scriptAndState(at clock: String) throws -> (script: JSONValue, state: JSONValue) {
        let dir = try Executable.temporaryDirectory()
        let input = dir.appendingPathComponent("in.jsonl")
        try """
        {"jsonrpc":"2.0","id":1,"method":"messaging.script","params":{"siteId":"centre"}}
        {"jsonrpc":"2.0","id":2,"method":"calendar.isOpen","params":{"siteId":"centre"}}

        """.write(to: input, atomically: true, encoding: .utf8)
        let out = try Executable.run(
            ["serve", "--stdio", "--clock", clock, "--db", dir.appendingPathComponent("db.sqlite").path],
            stdinFile: input)
        #expect(out.status == 0, "\(out.stderr)")
        let replies = try out.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        let byId = Dictionary(uniqueKeysWithValues: replies.compactMap { r in r["id"]?.intValue.map { ($0, r["result"] ?? .null) } })
        return (byId[1] ?? .null, byId[2] ?? .null)
    }

    @Test func plannedClosureIsAnnouncedAsAClosureWithItsReason() throws {
        // The example's closure: 7–8 May 2027, « Pont de l'Ascension » (not a public holiday).
        let (script, state) = try Self.scriptAndState(at: "2027-05-07T10:00:00+02:00")
        #expect(script["mode"]?.stringValue == "closure")
        #expect(script["greeting"]?.stringValue?.hasSuffix("Le cabinet est fermé (Pont de l'Ascension).") == true)
        #expect(script["greeting"]?.stringValue?.contains("férié") == false)
        #expect(state["reason"]?.stringValue == "fermeture : Pont de l'Ascension")
        #expect(state["reasonKind"]?.stringValue == "closure")
    }

    @Test func publicHolidayNamesTheHolidayInFrench() throws {
        let (script, state) = try Self.scriptAndState(at: "2026-12-25T10:00:00+01:00")
        #expect(script["mode"]?.stringValue == "holiday")
        #expect(script["greeting"]?.stringValue?.hasSuffix("jour férié (Noël).") == true)
        #expect(script["closedReason"]?.stringValue == "jour férié : Noël")
        #expect(state["reason"]?.stringValue == "jour férié : Noël")
    }

    @Test func lunchBreakSpeaksOfTheReopeningNotOfTheNight() throws {
        let (script, state) = try Self.scriptAndState(at: "2026-03-30T12:45:00+02:00")
        #expect(script["mode"]?.stringValue == "lunchBreak")
        let instructions = try #require(script["instructions"]?.stringValue)
        #expect(instructions.contains("Le cabinet rouvre aujourd'hui à 13 h 30"))
        #expect(!instructions.contains("cette nuit"))
        #expect(state["reason"]?.stringValue == "pause déjeuner")
        #expect(state["reasonKind"]?.stringValue == "lunchBreak")
    }

    @Test func eveningSpeaksOfTonightsOnCallDoctor() throws {
        let (script, _) = try Self.scriptAndState(at: "2026-03-31T20:00:00+02:00")
        #expect(script["mode"]?.stringValue == "closed")
        #expect(script["instructions"]?.stringValue?.contains("le médecin de garde cette nuit est") == true)
        #expect(script["closedReason"]?.stringValue == "hors des heures d'ouverture")
    }
}
