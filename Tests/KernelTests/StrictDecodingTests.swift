import JSONRPC
import Kernel
import Testing

/// Strict configuration decoding: every key no reader asked for is reported with its path, its
/// line and the nearest known key; what a reader takes whole is not looked into.
@Suite struct StrictDecodingTests {
    struct Practitioner: Decodable {
        var id: String
        var acceptsNewPatients: Bool?
        var address: Address?
        var schedule: [String: [String]]?
        var extra: JSONValue?
    }
    struct Address: Decodable {
        var street: String
        var city: String?
    }

    /// Decodes `section` of `yaml` as `T` and returns every issue, unknown keys included.
    func issues<T: Decodable>(_ yaml: String, _ type: T.Type, at section: String = "practitioners") throws -> [ConfigurationIssue] {
        let document = try ConfigurationDocument(yaml: yaml)
        var issues: [ConfigurationIssue] = []
        _ = document.decode(T.self, at: section, issues: &issues)
        return issues + document.unknownKeyIssues(sections: [section])
    }

    @Test func aKnownDocumentHasNoIssue() throws {
        let found = try issues(
            """
            practitioners:
              - id: a
                acceptsNewPatients: true
                address: {street: 1 rue, city: Lyon}
                schedule: {mon: ["08:00-12:00"], tue: []}
                extra: {anything: [1, {below: here}]}
            """, [Practitioner].self)
        #expect(found.isEmpty, "\(found)")
    }

    @Test func anOptionalKeyMisspeltInTheSecondElementIsNamedWithPathLineAndHint() throws {
        let found = try issues(
            """
            practitioners:
              - id: a
              - id: b
                acceptNewPatients: true
            """, [Practitioner].self)
        #expect(
            found == [
                ConfigurationIssue(
                    path: "practitioners[1].acceptNewPatients", line: 4,
                    message: "unknown key; did you mean `acceptsNewPatients`?")
            ])
    }

    @Test func nestedObjectsAreChecked() throws {
        let found = try issues(
            """
            practitioners:
              - id: a
                address:
                  street: 1 rue
                  cty: Lyon
            """, [Practitioner].self)
        #expect(found.map(\.description) == ["line 5: practitioners[0].address.cty: unknown key; did you mean `city`?"])
    }

    @Test func anUnknownKeyWithABlockValueIsReportedOnTheKeysLine() throws {
        let found = try issues(
            """
            practitioners:
              - id: a
                adress:
                  street: 1 rue
            """, [Practitioner].self)
        #expect(found.map(\.description) == ["line 3: practitioners[0].adress: unknown key; did you mean `address`?"])
    }

    @Test func aKeyFarFromEveryKnownOneListsTheKnownKeys() throws {
        let found = try issues("practitioners:\n  - {id: a, zzzzzzzz: 1}\n", [Practitioner].self)
        #expect(found.map(\.message) == ["unknown key; known keys: acceptsNewPatients, address, extra, id, schedule"])
    }

    @Test func dictionaryKeysAreAllKnown() throws {
        // A dictionary asks for each of its keys: `mon`, `tue`, `xyz` are entries, not typos.
        let found = try issues("practitioners:\n  - id: a\n    schedule: {mon: [], xyz: []}\n", [Practitioner].self)
        #expect(found.isEmpty, "\(found)")
    }

    @Test func aJSONValueFieldAcceptsAnythingBelowIt() throws {
        let found = try issues("practitioners:\n  - id: a\n    extra: {whatever: {deep: [{x: 1}]}}\n", [Practitioner].self)
        #expect(found.isEmpty, "\(found)")
    }

    @Test func keysAskedByTwoReadersAreBothKnown() throws {
        // Two modules read `practitioners`, each its own keys: the union is known.
        struct Agenda: Decodable {
            var id: String
            var appointmentTypes: [String]?
        }
        let document = try ConfigurationDocument(
            yaml: """
                practitioners:
                  - {id: a, acceptsNewPatients: true, appointmentTypes: [x], other: 1}
                """)
        var issues: [ConfigurationIssue] = []
        _ = document.decode([Practitioner].self, at: "practitioners", issues: &issues)
        _ = document.decode([Agenda].self, at: "practitioners", issues: &issues)
        #expect(issues.isEmpty)
        #expect(document.unknownKeyIssues(sections: ["practitioners"]).map(\.path) == ["practitioners[0].other"])
    }

    @Test func aMisspeltRequiredKeyIsNamedAsTheTypoRatherThanAsMissing() throws {
        let found = try issues("practitioners:\n  - id: a\n  - {idd: b}\n", [Practitioner].self)
        #expect(found.map(\.description) == ["line 3: practitioners[1].idd: unknown key; did you mean `id`?"])
    }

    @Test func aSectionThatFailsToDecodeIsNotAlsoReportedForUnknownKeys() throws {
        let found = try issues("practitioners:\n  - {acceptsNewPatients: true, other: 1}\n", [Practitioner].self)
        #expect(found.map(\.path) == ["practitioners[0].id"])
    }

    @Test func valuesReadByHandAreKnown() throws {
        let document = try ConfigurationDocument(yaml: "http:\n  twilio: {authToken: t, authTokn: u}\n  other: 1\n")
        #expect(document.value(at: "http.twilio.authToken")?.stringValue == "t")
        // The value read is accepted whole; its siblings are not.
        #expect(document.unknownKeyIssues(sections: ["http"]).map(\.path) == ["http.twilio.authTokn", "http.other"])
        #expect(document.value(at: "http.twilio.missing") == nil)
    }

    @Test func handWrittenReadersShareTheHint() throws {
        let document = try ConfigurationDocument(yaml: "notify:\n  webhoks: []\n")
        let found = document.unknownKeys(in: document.root["notify"]!, at: "notify", known: ["sms", "webhooks"])
        #expect(found == [ConfigurationIssue(path: "notify.webhoks", line: 2, message: "unknown key; did you mean `webhooks`?")])
        #expect(document.unknownKeyIssues(sections: ["notify"]).isEmpty)
    }

    @Test func anUnknownSectionNamesTheNearestAndTheKnownSections() throws {
        let document = try ConfigurationDocument(yaml: "practice: {name: x}\npratitioners: []\n")
        let found = document.unknownKeyIssues(sections: ["practice", "practitioners", "sites"])
        #expect(
            found.map(\.description) == ["line 2: pratitioners: unknown section; did you mean `practitioners`? known sections: practice, practitioners, sites"])
    }

    @Test func theDecoderRecordsUsageOnlyWhenAsked() throws {
        // Outside configuration (JSON-RPC params), unknown members are left alone and nothing is recorded.
        let value: JSONValue = .object(["id": "a", "zz": 1])
        let p = try JSONValueDecoder().decode(Practitioner.self, from: value)
        #expect(p.id == "a")
        let usage = KeyUsage()
        _ = try JSONValueDecoder(usage: usage).decode(Practitioner.self, from: value)
        #expect(usage.unknownKeys(in: value).map(\.path) == ["zz"])
        #expect(usage.unknownKeys(in: value).first?.known == ["acceptsNewPatients", "address", "extra", "id", "schedule"])
    }
}
