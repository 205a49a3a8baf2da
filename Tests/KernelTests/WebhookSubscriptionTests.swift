import Foundation
import Testing

@testable import Kernel

@Suite struct WebhookSubscriptionTests {
    static let declared = ["agenda.booked", "agenda.cancelled", "agenda.rescheduled", "messaging.received"]

    @Test(arguments: ["*", "agenda.*", "agenda.booked", "messaging.received"])
    func sentEventsAndWildcardsPass(_ event: String) throws {
        let doc = try ConfigurationDocument(yaml: "notify:\n  webhooks:\n    - events: [\(event.contains("*") ? "\"\(event)\"" : event)]\n")
        #expect(WebhookSubscription.issues([.init(path: "notify.webhooks[0].events[0]", event: event)], declared: Self.declared, in: doc).isEmpty)
    }

    @Test(
        arguments: [
            ("agenda.changed", nil), ("message.received", "messaging.received"), ("agenda.bokked", "agenda.booked"),
            ("agnda.*", "agenda.*"), ("billing.paid", nil)
        ] as [(String, String?)])
    func otherNamesAreRefusedWithPathLineAndTheNearestName(_ event: String, nearest: String?) throws {
        let doc = try ConfigurationDocument(yaml: "notify:\n  webhooks:\n    - id: a\n      events: [\"\(event)\"]\n")
        let issues = WebhookSubscription.issues([.init(path: "notify.webhooks[0].events[0]", event: event)], declared: Self.declared, in: doc)
        let issue = try #require(issues.first)
        #expect(issue.message.contains("events sent: agenda.booked, agenda.cancelled"))
        #expect(issues.count == 1)
        #expect(issue.path == "notify.webhooks[0].events[0]")
        #expect(issue.line == 4)
        #expect(issue.message.contains("no module sends the event \"\(event)\""))
        if let nearest {
            #expect(issue.message.contains("did you mean `\(nearest)`?"), "\(issue.message)")
        } else {
            #expect(!issue.message.contains("did you mean"), "\(issue.message)")
        }
    }

    @Test func nearestNameIsCaseBlindAndQuiet() {
        #expect(NearestName.suggestion(for: "acceptNewPatients", among: ["acceptsNewPatients", "name"]) == "acceptsNewPatients")
        #expect(NearestName.suggestion(for: "TIMEZONE", among: ["timezone", "name"]) == nil) // the same name: nothing to suggest
        #expect(NearestName.suggestion(for: "xyz", among: ["timezone"]) == nil)
        #expect(NearestName.distance(Array("kitten"), Array("sitting")) == 3)
    }
}
