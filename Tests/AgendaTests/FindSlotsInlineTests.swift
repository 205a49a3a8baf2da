import Foundation
import JSONRPC
import Kernel
import PermanenceTesting
import Testing

@testable import Agenda

/// Small searches are answered on the connection's thread; wide ones run as tasks. Either way the
/// client gets the same answer.
@Suite(.enabled(if: TestStore.onSQLite, "answered inline on SQLite only: on a server a read waits for the network"))
struct FindSlotsInlineTests {
    static func line(_ params: JSONValue) -> [UInt8] {
        Array(JSONWriter.string(Request(method: "agenda.findSlots", params: params, id: .int(7)).jsonValue).utf8)
    }

    static func reply(_ outcome: Dispatcher.InlineOutcome, _ h: AgendaHarness, _ s: Session) async throws -> (inline: Bool, reply: JSONValue) {
        switch outcome {
        case .answered(let bytes): return (true, try JSONParser.parse(try #require(bytes)))
        case .needsTask(let incoming): return (false, try JSONParser.parse(try #require(await h.dispatcher.handle(incoming, session: s))))
        }
    }

    static let oneFortnight: JSONValue = [
        "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"],
        "from": paris("2026-03-02", "00:00"), "newPatient": false
    ]

    @Test(
        arguments: [
            (oneFortnight, true),
            (
                [
                    "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"], "from": paris("2026-03-02", "00:00"),
                    "to": paris("2026-04-01", "00:00"), "newPatient": false
                ], true
            ),
            (
                [
                    "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"], "from": paris("2026-03-02", "00:00"),
                    "to": paris("2026-04-03", "00:00"), "newPatient": false
                ], false
            ),
            (
                [
                    "appointmentTypeId": "consultation", "specialty": "médecine générale", "from": paris("2026-03-02", "00:00"),
                    "newPatient": false
                ], false
            ),
            (["appointmentTypeId": "consultation", "from": paris("2026-03-02", "00:00"), "newPatient": false], false)
        ] as [(JSONValue, Bool)])
    func smallSearchesAreAnsweredInlineAndAllAnswerTheSame(params: JSONValue, inline: Bool) async throws {
        let h = try await AgendaHarness()
        let s = h.dispatcher.openSession(transport: .tcp, role: .secretary, actor: "test", sink: { _ in })
        let (answeredInline, reply) = try await Self.reply(h.dispatcher.answerInline(line: Self.line(params), session: s), h, s)
        #expect(answeredInline == inline)
        #expect(reply["id"] == 7)
        let expected = try await h.ok("agenda.findSlots", params)
        #expect(reply["result"] == expected)
        #expect(expected.arrayValue?.isEmpty == false)
    }

    /// A bad field is named whichever way the call runs, and the session goes on.
    @Test func badParamsAnsweredInlineNameTheField() async throws {
        let h = try await AgendaHarness()
        let s = h.dispatcher.openSession(transport: .tcp, role: .secretary, actor: "test", sink: { _ in })
        var params = Self.oneFortnight.objectValue!
        params["limit"] = 0
        let (inline, reply) = try await Self.reply(h.dispatcher.answerInline(line: Self.line(.object(params)), session: s), h, s)
        #expect(inline)
        #expect(reply["error"]?["code"] == -32602)
        #expect(reply["error"]?["data"]?["field"] == "limit")
        let (_, next) = try await Self.reply(h.dispatcher.answerInline(line: Self.line(Self.oneFortnight), session: s), h, s)
        #expect(next["result"]?.arrayValue?.isEmpty == false)
    }
}
