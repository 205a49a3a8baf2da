import Foundation
import JSONRPC
package import Kernel
import Practice

/// The `messaging` section of the configuration, validated: scripts per mode, callback promises,
/// SMS texts, prescription renewals.
///
/// Every key has a French default, so a practice without a `messaging` section still works.
/// Problems are reported with their path and line (`messaging.scripts.closed.instructions: …`).
package struct MessagingConfiguration: Sendable {
    /// What the secretary says in one mode.
    package struct Script: Sendable {
        package var greeting: MessageTemplate
        package var instructions: MessageTemplate
    }

    /// How an essential treatment out of stock is handled: an SMS to the practitioner, or a
    /// transfer of the call to the practice.
    package enum UrgentRenewalPath: String, Sendable, Codable { case sms, transfer }

    package var overflowThreshold = 3
    package var urgentCallbackHours = 2
    package var normalCallbackDelayMinutes = 240
    /// Text put in place of `{oncall}`: how an emergency reaches the on-call practitioner.
    package var oncall = "joignable par notre service, je peux le prévenir"
    /// Where urgent SMS go when the message names no practitioner with a mobile (E.164).
    package var urgentSmsNumber: String?
    package var scripts: [ScriptMode: Script]
    /// Labels of the options offered to the caller, by option id.
    package var options: [ScriptOption.Kind: MessageTemplate]
    /// SMS templates by name (`urgentMessage`, `oncall`, `reminder`, `repeatCaller`, `acknowledged`).
    package var sms: [String: MessageTemplate]
    /// Sentences told to the caller once a message is taken, by kind (`normal`, `urgent`, `transfer`;
    /// `repeat` and `repeatUrgent` when the call joined a request still open).
    package var notices: [String: MessageTemplate]
    package var essentialOutOfStock = UrgentRenewalPath.sms
    package var renewalTransferNumber: String?

    static let scriptPlaceholders: Set<String> = ["practice", "nextOpening", "oncall", "period"]
    /// Placeholders only one mode can fill: the holiday's name, the closure's reason.
    static let modePlaceholders: [ScriptMode: Set<String>] = [.holiday: ["holiday"], .closure: ["closure"]]
    static let smsPlaceholders: Set<String> = ["practice", "code", "callback", "time", "step"]
    static let noticePlaceholders: Set<String> = ["deadline", "practitioner", "practice", "number"]
    static let smsNames = ["oncall", "urgentMessage", "reminder", "repeatCaller", "acknowledged"]

    static let defaultScripts: [ScriptMode: (String, String)] = [
        .open: (
            "{practice}, bonjour. Je vous écoute.",
            "Prise de rendez-vous, annulation, message pour un praticien : je m'en occupe. Pour une urgence vitale, le 15 ou le 112."
        ),
        .overflow: (
            "{practice}, bonjour. Le secrétariat est en ligne, je prends votre appel.",
            "Je peux prendre votre rendez-vous ou un message ; le cabinet vous rappellera si nécessaire."
        ),
        .lunchBreak: (
            "{practice}, bonjour. Le cabinet est en pause déjeuner.",
            "Le cabinet rouvre {nextOpening}. Je peux prendre votre message. En cas d'urgence vitale, appelez le 15 ou le 112."
        ),
        .closed: (
            "{practice}, bonjour. Le cabinet est actuellement fermé.",
            "Le cabinet rouvre {nextOpening}. Je peux prendre votre message. Pour une urgence médicale qui ne peut pas attendre, le médecin de garde {period} est {oncall} ; en cas d'urgence vitale, appelez le 15 ou le 112."
        ),
        .holiday: (
            "{practice}, bonjour. Le cabinet est fermé aujourd'hui, jour férié ({holiday}).",
            "Le cabinet rouvre {nextOpening}. Pour un besoin médical qui ne peut pas attendre, appelez le 116 117 ; en cas d'urgence vitale, le 15 ou le 112."
        ),
        .closure: (
            "{practice}, bonjour. Le cabinet est fermé ({closure}).",
            "Le cabinet rouvre {nextOpening}. Pour un besoin médical qui ne peut pas attendre, appelez le 116 117 ; en cas d'urgence vitale, le 15 ou le 112."
        )
    ]
    static let defaultOptions: [ScriptOption.Kind: String] = [
        .takeMessage: "Prendre un message",
        .tryLater: "Rappeler plus tard ({nextOpening})",
        .triageEmergency: "Urgence : dérouler le protocole de triage"
    ]
    static let defaultSMS: [String: String] = [
        "oncall": "{practice} : appel urgent à {time}. Rappeler le {callback}. Répondez OK {code} pour confirmer.",
        "urgentMessage": "{practice} : message urgent de {time}, à rappeler au {callback}. Répondez OK {code}.",
        "reminder": "{practice} : RELANCE {step}, alerte {code} non confirmée. Rappeler le {callback}. Répondez OK {code}.",
        "repeatCaller": "{practice} : patient ayant rappelé plusieurs fois, réf. {code}. Rappeler le {callback}. Répondez OK {code}.",
        "acknowledged": "{practice} : alerte {code} prise en charge à {time}. Merci."
    ]
    static let defaultNotices: [String: String] = [
        "normal": "Votre message est transmis : le cabinet vous rappellera {deadline}.",
        "urgent": "Votre demande est transmise en urgence : {practitioner} vous rappellera {deadline}.",
        "transfer": "Je vous passe le cabinet au {number} pour votre traitement, ne quittez pas.",
        "repeat": "Votre demande est déjà enregistrée : le cabinet vous rappellera {deadline}.",
        "repeatUrgent": "Votre demande est déjà enregistrée et traitée en urgence : {practitioner} vous rappellera {deadline}."
    ]

    /// The defaults alone.
    package init() {
        scripts = Self.defaultScripts.mapValues { Script(greeting: MessageTemplate($0.0), instructions: MessageTemplate($0.1)) }
        options = Self.defaultOptions.mapValues(MessageTemplate.init)
        sms = Self.defaultSMS.mapValues(MessageTemplate.init)
        notices = Self.defaultNotices.mapValues(MessageTemplate.init)
    }

    /// Reads `messaging` (absent: defaults); every problem is appended to `issues` with its path and line.
    /// `smsPractice` is the practice name used in SMS, to check that templates fit one segment.
    package init(configuration: ConfigurationDocument, smsPractice: String, issues: inout [ConfigurationIssue]) {
        self.init()
        guard let section = configuration.section("messaging"), !section.isNull else { return }
        guard let root = section.objectValue else {
            issues.append(configuration.issue("messaging", "must be a mapping"))
            return
        }
        var reader = SectionReader(configuration: configuration, issues: issues)
        reader.checkKeys(
            root, at: "messaging",
            allowed: [
                "overflowThreshold", "urgentCallbackHours", "normalCallbackDelayMinutes",
                "oncall", "urgentSmsNumber", "scripts", "options", "sms", "notices",
                "prescriptionRenewal"
            ])
        overflowThreshold = reader.integer(root["overflowThreshold"], at: "messaging.overflowThreshold", range: 0...1000) ?? overflowThreshold
        urgentCallbackHours = reader.integer(root["urgentCallbackHours"], at: "messaging.urgentCallbackHours", range: 1...72) ?? urgentCallbackHours
        normalCallbackDelayMinutes =
            reader.integer(
                root["normalCallbackDelayMinutes"], at: "messaging.normalCallbackDelayMinutes",
                range: 0...10_080) ?? normalCallbackDelayMinutes
        oncall = reader.text(root["oncall"], at: "messaging.oncall") ?? oncall
        urgentSmsNumber = reader.phone(root["urgentSmsNumber"], at: "messaging.urgentSmsNumber")

        if let value = root["scripts"], let scriptsObject = reader.object(value, at: "messaging.scripts") {
            reader.checkKeys(scriptsObject, at: "messaging.scripts", allowed: ScriptMode.allCases.map(\.rawValue))
            for mode in ScriptMode.allCases {
                guard let raw = scriptsObject[mode.rawValue] else { continue }
                let path = "messaging.scripts.\(mode.rawValue)"
                guard let object = reader.object(raw, at: path) else { continue }
                reader.checkKeys(object, at: path, allowed: ["greeting", "instructions"])
                var script = scripts[mode]!
                let allowed = Self.scriptPlaceholders.union(Self.modePlaceholders[mode] ?? [])
                if let t = reader.template(object["greeting"], at: path + ".greeting", allowed: allowed) { script.greeting = t }
                if let t = reader.template(object["instructions"], at: path + ".instructions", allowed: allowed) { script.instructions = t }
                scripts[mode] = script
            }
        }
        if let value = root["options"], let object = reader.object(value, at: "messaging.options") {
            reader.checkKeys(object, at: "messaging.options", allowed: ScriptOption.Kind.allCases.map(\.rawValue))
            for kind in ScriptOption.Kind.allCases {
                if let t = reader.template(object[kind.rawValue], at: "messaging.options.\(kind.rawValue)", allowed: Self.scriptPlaceholders) {
                    options[kind] = t
                }
            }
        }
        if let value = root["sms"], let object = reader.object(value, at: "messaging.sms") {
            reader.checkKeys(object, at: "messaging.sms", allowed: Self.smsNames)
            for name in Self.smsNames {
                if let t = reader.template(object[name], at: "messaging.sms.\(name)", allowed: Self.smsPlaceholders) { sms[name] = t }
            }
        }
        // SMS rules hold for the defaults too: a long practice name could push them over one segment.
        for name in Self.smsNames {
            let path = "messaging.sms.\(name)"
            let template = sms[name]!
            if name != "acknowledged" && !template.placeholders.contains("code") {
                reader.fail(path, "an alert text must contain {code}, the reference the practitioner replies with")
            }
            if let problem = SMSAlert.problem(template: template.text, filled: Self.smsSample(template, practice: smsPractice)) {
                reader.fail(path, problem)
            }
        }
        if let value = root["notices"], let object = reader.object(value, at: "messaging.notices") {
            reader.checkKeys(object, at: "messaging.notices", allowed: Array(Self.defaultNotices.keys).sorted())
            for name in Self.defaultNotices.keys {
                if let t = reader.template(object[name], at: "messaging.notices.\(name)", allowed: Self.noticePlaceholders) { notices[name] = t }
            }
        }
        if let value = root["prescriptionRenewal"], let object = reader.object(value, at: "messaging.prescriptionRenewal") {
            reader.checkKeys(object, at: "messaging.prescriptionRenewal", allowed: ["essentialOutOfStock", "transferNumber"])
            if let raw = object["essentialOutOfStock"] {
                if let text = raw.stringValue, let path = UrgentRenewalPath(rawValue: text) {
                    essentialOutOfStock = path
                } else {
                    reader.fail("messaging.prescriptionRenewal.essentialOutOfStock", "expected sms or transfer")
                }
            }
            renewalTransferNumber = reader.phoneOrShort(object["transferNumber"], at: "messaging.prescriptionRenewal.transferNumber")
            if essentialOutOfStock == .transfer && renewalTransferNumber == nil {
                reader.fail("messaging.prescriptionRenewal.transferNumber", "is required when essentialOutOfStock is transfer")
            }
        }
        issues = reader.issues
    }

    /// A template filled with the longest values, to check the SMS length: the practice's SMS
    /// name, a 6-character code, the longest E.164 number, `23:59`, `10/10`.
    static func smsSample(_ template: MessageTemplate, practice: String) -> String {
        template.render(["practice": practice, "code": "MXXXXX", "callback": SMSAlert.longestNumber, "time": "23:59", "step": "10/10"])
    }
}

/// Walks a configuration section, collecting issues with paths and lines.
struct SectionReader {
    let configuration: ConfigurationDocument
    var issues: [ConfigurationIssue]

    mutating func fail(_ path: String, _ message: String) { issues.append(configuration.issue(path, message)) }

    mutating func checkKeys(_ object: JSONObject, at path: String, allowed: [String]) {
        issues += configuration.unknownKeys(in: .object(object), at: path, known: allowed)
    }

    mutating func object(_ value: JSONValue, at path: String) -> JSONObject? {
        if value.isNull { return nil }
        guard let o = value.objectValue else {
            fail(path, "must be a mapping")
            return nil
        }
        return o
    }

    mutating func integer(_ value: JSONValue?, at path: String, range: ClosedRange<Int>) -> Int? {
        guard let value, !value.isNull else { return nil }
        guard let n = value.intValue else {
            fail(path, "expected an integer")
            return nil
        }
        guard range.contains(n) else {
            fail(path, "must be between \(range.lowerBound) and \(range.upperBound), got \(n)")
            return nil
        }
        return n
    }

    mutating func text(_ value: JSONValue?, at path: String) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let s = value.stringValue, !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            fail(path, "expected a non-empty text")
            return nil
        }
        return s
    }

    mutating func template(_ value: JSONValue?, at path: String, allowed: Set<String>) -> MessageTemplate? {
        guard let s = text(value, at: path) else { return nil }
        let template = MessageTemplate(s)
        let unknown = template.placeholders.filter { !allowed.contains($0) }
        if !unknown.isEmpty {
            fail(
                path,
                "unknown placeholder \(unknown.map { "{\($0)}" }.joined(separator: ", ")); allowed: \(allowed.sorted().map { "{\($0)}" }.joined(separator: " "))"
            )
            return nil
        }
        return template
    }

    mutating func phone(_ value: JSONValue?, at path: String) -> String? {
        guard let s = text(value, at: path) else { return nil }
        do { return try PhoneNumber(s).e164 } catch {
            fail(path, error.description)
            return nil
        }
    }

    /// A phone number, or a short number of 2 to 6 digits (`15`, `3624`).
    mutating func phoneOrShort(_ value: JSONValue?, at path: String) -> String? {
        guard let s = text(value, at: path) else { return nil }
        if (2...6).contains(s.count), s.allSatisfy({ $0.isASCII && $0.isNumber }) { return s }
        do { return try PhoneNumber(s).e164 } catch {
            fail(path, error.description)
            return nil
        }
    }
}
