import Foundation
import Testing

/// A misspelt key anywhere in the practice file is refused by `config check`, with its path, its
/// line and the key it was probably meant to be, instead of falling back to a default without a word.
@Suite struct StrictConfigurationEndToEndTests {
    /// One typo: `original` (first occurrence in the example practice) becomes `typo`, or, when
    /// `original` is empty, `typo` is appended as a new section. `key` is the misspelt key as it
    /// appears in the file (to find its line); the report must read "line N: `path`: message".
    struct Typo: Sendable, CustomTestStringConvertible {
        let original: String
        let typo: String
        let key: String
        let path: String
        let message: String
        var testDescription: String { path }

        init(_ original: String, _ typo: String, key: String, path: String, hint: String) {
            self.original = original
            self.typo = typo
            self.key = key
            self.path = path
            self.message = "unknown key; did you mean `\(hint)`?"
        }

        init(_ original: String, _ typo: String, key: String, path: String, message: String) {
            self.original = original
            self.typo = typo
            self.key = key
            self.path = path
            self.message = message
        }

        init(section typo: String, key: String, message: String) {
            self.original = ""
            self.typo = typo
            self.key = key
            self.path = key
            self.message = message
        }

        /// The example practice with this typo, and the line of the misspelt key.
        func apply(to example: String) throws -> (yaml: String, line: Int) {
            var yaml = example
            if original.isEmpty {
                yaml += "\n" + typo
            } else {
                let range = try #require(yaml.range(of: original), "the example practice no longer holds \(original)")
                yaml.replaceSubrange(range, with: typo)
            }
            // The line of the misspelt key inside the text just put in.
            let start = try #require(yaml.range(of: typo, options: .backwards)).lowerBound
            let keyStart = try #require(yaml[start...].range(of: key + ":")).lowerBound
            return (yaml, yaml[..<keyStart].filter { $0 == "\n" }.count + 1)
        }
    }

    /// At least one typo in every section (and nested object kind) of the example practice, and in
    /// the sections the example leaves out.
    static let typos: [Typo] = [
        Typo("  shortName: MSP Tilleuls", "  shortNme: MSP Tilleuls", key: "shortNme", path: "practice.shortNme", hint: "shortName"),
        Typo("    tiersPayant: partiel", "    tiersPayan: partiel", key: "tiersPayan", path: "practice.insurance.tiersPayan", hint: "tiersPayant"),
        Typo(", reason: Fermeture estivale", ", raison: Fermeture estivale", key: "raison", path: "practice.closures[1].raison", hint: "reason"),
        Typo("      postalCode: \"26410\"", "      postCode: \"26410\"", key: "postCode", path: "sites[0].address.postCode", hint: "postalCode"),
        Typo("      parking: Parking gratuit", "      parkng: Parking gratuit", key: "parkng", path: "sites[0].access.parkng", hint: "parking"),
        Typo(
            "    acceptsNewPatients: true", "    acceptNewPatients: true", key: "acceptNewPatients",
            path: "practitioners[1].acceptNewPatients", hint: "acceptsNewPatients"),
        Typo(
            "minutes: 20, bufferMinutes: 5", "minutes: 20, bufferMinute: 5", key: "bufferMinute",
            path: "practitioners[2].appointmentTypes[0].bufferMinute", hint: "bufferMinutes"),
        Typo(
            "{site: centre, days: [monday, thursday]", "{site: centre, day: [monday, thursday]", key: "day",
            path: "practitioners[0].reservedBlocks[0].day", hint: "days"),
        Typo(
            "{date: \"2027-02-15\", closed: true}", "{date: \"2027-02-15\", close: true}", key: "close",
            path: "practitioners[0].exceptions[1].close", hint: "closed"),
        // Weekdays under a schedule are a mapping's entries, checked as values by the agenda.
        Typo(
            "        saturday: [\"09:00-12:00\"]       # the Saturday morning", "        saturdy: [\"09:00-12:00\"]", key: "saturdy",
            path: "practitioners[0].schedule.centre.saturdy", message: "unknown weekday \"saturdy\"; did you mean `saturday`? use monday … sunday"),
        Typo("    site: centre\n    questions:", "    site: centre\n    question:", key: "question", path: "faq[0].question", hint: "questions"),
        Typo("    title: Appel pour une urgence", "    titel: Appel pour une urgence", key: "titel", path: "triage[0].titel", hint: "title"),
        Typo(
            "        help: Au moindre doute", "        hepl: Au moindre doute", key: "hepl",
            path: "triage[0].nodes.q-detresse.hepl", hint: "help"),
        Typo("    handoff: \"20:00\"", "    handof: \"20:00\"", key: "handof", path: "oncall.rotation.handof", hint: "handoff"),
        Typo(
            "practitionerId: dr-benali, reason", "practitioner: dr-benali, reason", key: "practitioner",
            path: "oncall.overrides[0].practitioner", hint: "practitionerId"),
        Typo("  acknowledgeKeywords:", "  acknowledgeKeyword:", key: "acknowledgeKeyword", path: "escalation.acknowledgeKeyword", hint: "acknowledgeKeywords"),
        Typo("      repeat: 2", "      repeats: 2", key: "repeats", path: "escalation.chains.default.repeats", hint: "repeat"),
        Typo("    windowHours: 24", "    windowHour: 24", key: "windowHour", path: "escalation.repeatCallers.windowHour", hint: "windowHours"),
        Typo(
            "  urgentCallbackHours: 2", "  urgentCallbackHour: 2", key: "urgentCallbackHour", path: "messaging.urgentCallbackHour", hint: "urgentCallbackHours"),
        Typo("    method: POST", "    methd: POST", key: "methd", path: "notify.sms.methd", hint: "method"),
        Typo("      secret: whsec_MfKQ", "      secrets: whsec_MfKQ", key: "secrets", path: "notify.webhooks[0].secrets", hint: "secret"),
        Typo("  shrinkage: 0.3", "  shrinkag: 0.3", key: "shrinkag", path: "kpi.shrinkag", hint: "shrinkage"),
        Typo("", "faqOptions:\n  noAnswers: Je ne sais pas.\n", key: "noAnswers", path: "faqOptions.noAnswers", hint: "noAnswer"),
        Typo("", "http:\n  listen: 127.0.0.1:8080\n  maxBodyByte: 1000\n", key: "maxBodyByte", path: "http.maxBodyByte", hint: "maxBodyBytes"),
        Typo("", "http:\n  twilio: {authTokn: abc}\n", key: "authTokn", path: "http.twilio.authTokn", hint: "authToken"),
        Typo(
            "", "http:\n  gateways:\n    - {id: passerelle, secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, form: expediteur}\n",
            key: "form", path: "http.gateways[0].form", hint: "from"),
        Typo("", "calendars:\n  patientName: full\n", key: "patientName", path: "calendars.patientName", hint: "patientNames"),
        Typo("", "privacy:\n  retenton: {messages: 30}\n", key: "retenton", path: "privacy.retenton", hint: "retention"),
        Typo("", "privacy:\n  retention: {message: 30}\n", key: "message", path: "privacy.retention.message", hint: "messages"),
        Typo("", "plugins:\n  disable: [kpi]\n", key: "disable", path: "plugins.disable", hint: "disabled"),
        Typo(section: "pratitioners:\n  - id: dr-nouveau\n", key: "pratitioners", message: "unknown section; did you mean `practitioners`?"),
        Typo(section: "practise:\n  name: Cabinet\n", key: "practise", message: "unknown section; did you mean `practice`?")
    ]

    @Test(arguments: typos)
    func aMisspeltKeyIsRefusedWithItsPathLineAndHint(_ typo: Typo) throws {
        let example = try Executable.run(["config", "example"])
        #expect(example.status == 0)
        let (yaml, line) = try typo.apply(to: example.stdout)
        let file = try Executable.temporaryDirectory().appendingPathComponent("practice.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let out = try Executable.run(["config", "check", file.path])
        #expect(out.status != 0)
        #expect(out.stderr.contains("line \(line): \(typo.path): \(typo.message)"), "\(out.stderr)")
    }

    @Test func theExamplePracticeHasNoUnknownKey() throws {
        let example = try Executable.run(["config", "example"])
        let file = try Executable.temporaryDirectory().appendingPathComponent("practice.yaml")
        try example.stdout.write(to: file, atomically: true, encoding: .utf8)
        let out = try Executable.run(["config", "check", file.path])
        #expect(out.status == 0, "\(out.stderr)")
    }

    @Test func anUnknownSectionNamesTheKnownOnes() throws {
        let example = try Executable.run(["config", "example"])
        let file = try Executable.temporaryDirectory().appendingPathComponent("practice.yaml")
        try (example.stdout + "\nreglages:\n  x: 1\n").write(to: file, atomically: true, encoding: .utf8)
        let out = try Executable.run(["config", "check", file.path])
        #expect(out.status != 0)
        #expect(
            out.stderr.contains(
                "reglages: unknown section; known sections: calendars, escalation, faq, faqOptions, http, kpi, messaging, notify, "
                    + "oncall, plugins, practice, practitioners, privacy, reminders, sites, triage, waitlist"), "\(out.stderr)")
    }
}
