import JSONRPC
import Kernel
import Testing

/// Every result schema describes its result: each method of `rpc.discover` is called on the example
/// practice with the required params of its schema (real ids filled in as the calls create them), and
/// every result is validated against the method's result schema by `jsonschema`.
@Suite struct ResultContractTests {
    /// Methods not called: they end the session or the process, or reach out of the machine.
    /// (`rpc.discover`'s result refers to the OpenRPC meta-schema online: `OpenRPCEndToEndTests` checks it.)
    static let notCalled: Set<String> = ["initialize", "initialized", "shutdown", "exit", "$/cancelRequest", "notify.test", "rpc.discover"]
    /// Called after all others: they remove what the others need.
    static let calledLast = [
        "notify.list", "notify.get", "notify.retry", "notify.inbox", "notify.inboxDone", "notify.endpoints",
        "notify.enableEndpoint", "agenda.cancel", "calendars.revokeFeed", "agenda.removeAbsence", "faq.delete", "patients.erase", "privacy.purge"
    ]
    /// Methods whose result must have been checked: every read and the main writes of each module.
    static let mustSucceed: Set<String> = [
        "kernel.ping", "kernel.status", "kernel.audit",
        "practice.info", "practices.list", "calls.identify", "practice.sites", "practice.practitioners", "calendar.isOpen", "calendar.openingHours",
        "calendar.nextBusinessDay",
        "patients.create", "patients.get", "patients.update", "patients.search", "contacts.record", "contacts.history", "patients.export",
        "events.subscribe", "events.unsubscribe", "notify.list", "notify.get", "notify.retry", "notify.enableEndpoint", "patients.removeRelatedPerson",
        "faq.acceptSuggestion", "patients.addRelatedPerson", "notify.failures", "notify.inbox", "notify.inboxDone", "notify.retryAll", "notify.endpoints",
        "notify.inboundSms",
        "agenda.findSlots", "agenda.nextAvailable", "agenda.book", "agenda.reschedule", "agenda.setStatus", "agenda.appointments",
        "agenda.patientAppointments", "agenda.addAbsence", "agenda.absences", "agenda.ics", "agenda.types", "agenda.cancel",
        "calendars.createFeed", "calendars.feeds",
        "messaging.script", "messaging.take", "messaging.prescriptionRenewal", "messaging.list", "messaging.get", "messaging.assign", "messaging.complete",
        "triage.protocols", "triage.start", "triage.answer", "oncall.who", "oncall.override", "oncall.overrides",
        "escalation.raise", "escalation.acknowledge", "escalation.list", "escalation.get",
        "kpi.import", "kpi.summary", "kpi.serviceLevel", "kpi.series", "kpi.forecast", "kpi.erlang", "kpi.staffing", "kpi.dimensioning", "kpi.report",
        "usage.report",
        "faq.ask", "faq.list", "faq.get", "faq.upsert", "faq.feedback", "faq.suggestions"
    ]

    /// A day of calls for the KPI methods (the CSV form `kpi.import` reads).
    static let calls = """
        call_id,queue,channel,motive,offered_at,answered_at,ended_at,abandoned_at,agent
        c1,centre,phone,appointment,2026-03-23T09:00:00+01:00,2026-03-23T09:00:20+01:00,2026-03-23T09:03:00+01:00,,sec1
        c2,centre,phone,results,2026-03-23T09:10:00+01:00,,,2026-03-23T09:11:30+01:00,
        c3,centre,phone,prescription,2026-03-23T09:20:00+01:00,2026-03-23T09:21:10+01:00,2026-03-23T09:26:00+01:00,,sec2
        """

    /// Calls expected in two intervals, for staffing.
    static let volumes: JSONValue = [
        ["date": "2026-03-31", "time": "09:00", "calls": 12], ["date": "2026-03-31", "time": "09:30", "calls": 30]
    ]

    /// What a walk over the methods gave: each result with its schema, the calls that failed, and
    /// the ids the calls created (by param name).
    struct Walk {
        var cases: [ResultContract.Case] = []
        var failed: [String] = []
        var hints: [String: JSONValue] = [:]
        var overrides: [String: JSONObject] = [:]
    }

    /// Calls every method of `rpc.discover` but `notCalled` (those of `calledLast` last, unless
    /// `skipping` them) with the required params of its schema, real ids filled in as the calls
    /// create them, for `practiceId` when given.
    static func walk(_ contract: ContractHost, practiceId: String? = nil, skipping: Set<String> = []) async throws -> Walk {
        var walk = Walk()
        walk.hints = ParamsContractTests.hints
        // Ids of the example practice.
        let practitioner = try await contract.call("practice.practitioners", practiceId: practiceId).get()["practitioners"]?.arrayValue?.first
        let site = try await contract.call("practice.sites", practiceId: practiceId).get()["sites"]?.arrayValue?.first
        walk.hints["practitionerId"] = practitioner?["id"]
        walk.hints["siteId"] = site?["id"]
        walk.hints["site"] = site?["id"]
        walk.hints["practitioner"] = practitioner?["id"]
        let types = try await contract.call("agenda.types", ["practitionerId": walk.hints["practitionerId"]!], practiceId: practiceId).get()
        walk.hints["appointmentTypeId"] = types.arrayValue?.first?["types"]?.arrayValue?.first?["id"]
        // Per method: params that are not the schema's first example.
        let windowFrom: JSONValue = "2026-03-23T00:00:00+01:00"
        let windowTo: JSONValue = "2026-04-06T00:00:00+02:00"
        walk.overrides = [
            "kpi.import": ["format": "csv", "content": .string(Self.calls)],
            "kpi.summary": ["from": windowFrom, "to": windowTo], "kpi.serviceLevel": ["from": windowFrom, "to": windowTo],
            "kpi.series": ["from": windowFrom, "to": windowTo], "kpi.report": ["from": windowFrom, "to": windowTo, "format": "all"],
            "usage.report": ["from": windowFrom, "to": windowTo],
            "kpi.staffing": ["volumes": Self.volumes],
            "kpi.dimensioning": ["volumes": Self.volumes, "scheduled": [["date": "2026-03-31", "time": "09:00", "agents": 1]]],
            "kpi.forecast": ["horizonDays": 1, "start": "2026-03-31"],
            "agenda.findSlots": ["from": "2026-03-31T08:00:00+02:00", "to": "2026-04-03T19:00:00+02:00"],
            "agenda.appointments": ["from": "2026-03-30T00:00:00+02:00", "to": "2026-04-10T00:00:00+02:00"],
            "agenda.addAbsence": ["from": "2026-05-04T08:00:00+02:00", "to": "2026-05-04T12:00:00+02:00"],
            "faq.upsert": ["id": "parking-velo", "questions": ["Où garer mon vélo ?"], "answer": "Devant l'entrée."],
            "faq.delete": ["id": "parking-velo"],
            "patients.update": ["firstName": "Anne"],
            "patients.search": ["text": "x"],
            "events.subscribe": ["topics": ["agenda.*"]],
            "notify.retryAll": ["channel": "sms"],
            "triage.start": ["protocolId": "urgence"],
            "kpi.erlang": ["calls": 20, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.8, "targetAnswerSeconds": 20],
            "calendar.openingHours": ["from": "2026-03-30", "to": "2026-04-05"]
        ]
        if let practiceId, let number = contract.dispatcher.practices.host(id: practiceId)?.configuration.root["practice"]?["numbers"]?.arrayValue?.first {
            walk.overrides["calls.identify"] = ["dialled": number]
        }
        let discovered = try await contract.call("rpc.discover").get()
        let names = (discovered["methods"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let order = names.filter { !Self.notCalled.contains($0) && !Self.calledLast.contains($0) } + Self.calledLast
        for name in order where !skipping.contains(name) {
            guard let method = contract.host.registry.method(named: name) else { continue }
            var params = try SchemaExample(full: false, hints: ParamsContractTests.hints(for: name, walk.hints), fillHinted: true).params(method.paramsSchema)
            if let own = walk.overrides[name] { for key in own.keys { params[key] = own[key] } }
            switch await contract.call(name, .object(params), practiceId: method.scope == .service ? nil : practiceId) {
            case .failure(let error):
                walk.failed.append("\(name) \(JSONWriter.string(.object(params))): \(error)")
            case .success(let result):
                walk.cases.append(.init(method: name, schema: method.resultSchema.jsonValue, result: result))
                learn(from: name, result, into: &walk.hints, overrides: &walk.overrides)
            }
        }
        return walk
    }

    @Test func everyResultMatchesItsSchema() async throws {
        let contract = try await ContractHost()
        let walk = try await Self.walk(contract)
        let (cases, failed) = (walk.cases, walk.failed)
        // Results with rows, so that the rows' schemas are checked too.
        for (method, rows) in [("kpi.staffing", "intervals"), ("kpi.dimensioning", "rows"), ("agenda.findSlots", "slots")] {
            let result = cases.first { $0.method == method }?.result
            #expect((result?[rows]?.arrayValue ?? result?.arrayValue)?.isEmpty == false, "\(method) answered no \(rows)")
        }
        let checked = Set(cases.map(\.method))
        let missing = Self.mustSucceed.subtracting(checked).sorted()
        #expect(missing == [], "calls that failed:\n\(failed.joined(separator: "\n"))")
        let violations = try ResultContract.violations(cases)
        #expect(violations == [], "\(violations.joined(separator: "\n"))")
        #expect(cases.count >= Self.mustSucceed.count)
        await contract.shutdown()
    }

    /// The check is not a rubber stamp: a result its schema does not describe is reported, naming the place.
    @Test func aResultItsSchemaDoesNotDescribeIsReported() throws {
        let schema = Schema.object([required("id", .string), required("count", .integer), required("at", .instant)]).jsonValue
        let good: JSONValue = ["id": "a", "count": 2, "at": "2026-03-30T08:00:00+02:00"]
        let wrongType: JSONValue = ["id": "a", "count": "2", "at": "2026-03-30T08:00:00+02:00"]
        let notAnInstant: JSONValue = ["id": "a", "count": 2, "at": "30/03/2026"]
        let extra: JSONValue = ["id": "a", "count": 2, "at": "2026-03-30T08:00:00+02:00", "more": true]
        let violations = try ResultContract.violations([
            .init(method: "good", schema: schema, result: good), .init(method: "wrongType", schema: schema, result: wrongType),
            .init(method: "notAnInstant", schema: schema, result: notAnInstant), .init(method: "extra", schema: schema, result: extra)
        ])
        #expect(violations.map { String($0.prefix { $0 != ":" }) } == ["wrongType", "notAnInstant", "extra"], "\(violations)")
        #expect(violations.first?.hasPrefix("wrongType: count:") == true)
    }

    /// What a result tells the next calls: the ids it created, a free slot.
    static func learn(from method: String, _ result: JSONValue, into hints: inout [String: JSONValue], overrides: inout [String: JSONObject]) {
        switch method {
        case "patients.create": hints["patientId"] = result["id"]
        case "agenda.findSlots":
            guard let slot = (result.arrayValue ?? result["slots"]?.arrayValue)?.first else { return }
            var book = JSONObject()
            for key in ["practitionerId", "siteId", "appointmentTypeId", "start"] { book[key] = slot[key] }
            overrides["agenda.book"] = book
            if let later = (result.arrayValue ?? result["slots"]?.arrayValue)?.dropFirst().first(where: { $0["practitionerId"] == slot["practitionerId"] }) {
                overrides["agenda.reschedule"] = [
                    "start": later["start"]!, "siteId": later["siteId"]!, "practitionerId": later["practitionerId"]!,
                    "appointmentTypeId": later["appointmentTypeId"]!
                ]
            }
        case "agenda.book": hints["appointmentId"] = result["id"]
        case "agenda.reschedule": hints["appointmentId"] = result["to"]?["id"]
        case "faq.list":
            guard let id = result["entries"]?.arrayValue?.first?["id"] else { return }
            overrides["faq.get"] = ["id": id]
            overrides["faq.acceptSuggestion"] = ["entryId": id, "question": "Est-ce que je peux venir à vélo ?"]
        case "patients.addRelatedPerson": hints["relatedPersonId"] = result["relatedPersons"]?.arrayValue?.last?["id"]
        case "notify.list":
            guard let id = result["items"]?.arrayValue?.first?["id"] else { return }
            overrides["notify.get"] = ["id": id]
            let retriable = result["items"]?.arrayValue?.first { ["pending", "dead"].contains($0["status"]?.stringValue ?? "") }
            overrides["notify.retry"] = retriable.flatMap { $0["id"] }.map { ["id": $0] }
        case "notify.inbox": overrides["notify.inboxDone"] = result["items"]?.arrayValue?.first.flatMap { $0["id"] }.map { ["id": $0] }
        case "notify.endpoints": overrides["notify.enableEndpoint"] = result.arrayValue?.first.flatMap { $0["id"] }.map { ["id": $0] }
        case "agenda.addAbsence": hints["absenceId"] = result["absence"]?["id"]
        case "calendars.createFeed": hints["feedId"] = result["feedId"]
        case "messaging.take": hints["messageId"] = result["message"]?["id"]
        case "escalation.raise": hints["incidentId"] = result["incident"]?["id"]
        case "triage.start":
            hints["sessionId"] = result["sessionId"]
            overrides["triage.answer"] = ["choice": 0]
        case "notify.inboundSms": break
        default: break
        }
    }
}
