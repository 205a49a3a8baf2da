import Foundation
import Kernel
import Testing

@Suite("SMS text: GSM-7 alphabet, normalisation, encoding, segments and one-segment alerts")
struct SMSTextTests {
    @Test(
        "normalisation",
        arguments: [
            ("L’été ‘chaud’", "L'été 'chaud'"),
            ("« Rappeler » “vite”", "\"Rappeler\" \"vite\""),
            ("«\u{00A0}urgent\u{202F}»", "\"urgent\""),
            ("Patient en attente…", "Patient en attente..."),
            ("Œdème, cœur", "OEdème, coeur"),
            ("RDV\u{00A0}à\u{202F}9h", "RDV à 9h"),
            ("8h–12h — fermé", "8h-12h - fermé"),
            ("é è à ù ì ò Ç É Ä Ö Ñ Ü ä ö ñ ü", "é è à ù ì ò Ç É Ä Ö Ñ Ü ä ö ñ ü"),
            ("Fenêtre, château, île, hôpital, dû", "Fenetre, chateau, ile, hopital, du"),
            ("garçon Ça", "garcon Ça"), // Ç is in the basic table, ç is not
            ("À l’Hôtel-Dieu, Élise", "A l'Hotel-Dieu, Élise"),
            ("naïf Noël", "naif Noel"),
            ("Fenêtre 😀", "Fenêtre 😀"), // an emoji needs UCS-2 anyway: accents kept
            ("Rappel: 25€ [tarif]", "Rappel: 25€ [tarif]"),
            ("e\u{0301}te\u{0301}", "été"), // decomposed input is composed first
            ("Fièvre « forte » : ça, être", "Fièvre \"forte\" : ca, etre"),
            ("l´appel\u{200B}", "l'appel")
        ])
    func normalisation(raw: String, expected: String) {
        #expect(SMSText.normalize(raw) == expected)
        #expect(SMSText.normalize(expected) == expected, "normalising twice changes nothing")
    }

    @Test("the alphabet: basic characters take one septet, extension characters two, others none")
    func alphabet() {
        #expect(GSM7.septets("Répondez OK") == 11)
        #expect(GSM7.septets("€[]") == 6)
        #expect(GSM7.septets("ça") == nil)
        #expect(GSM7.septets("") == 0)
        #expect(GSM7.unsupported("ça, être, ça 😀") == ["ç", "ê", "😀"])
        #expect(GSM7.canEncode("à é è ù ì ò Ç"))
        #expect(!GSM7.canEncode("â"))
    }

    @Test(
        "encoding",
        arguments: [
            ("Bonjour", SMSEncoding.gsm7),
            ("L’hôpital ça", .gsm7),
            ("{}[]~^|\\€", .gsm7),
            ("Привет", .ucs2),
            ("Merci 🙏", .ucs2),
            ("", .gsm7)
        ])
    func encoding(raw: String, expected: SMSEncoding) {
        #expect(SMSText(raw).encoding == expected)
    }

    @Test(
        "units and segments at the boundaries",
        arguments: [
            (String(repeating: "a", count: 160), SMSEncoding.gsm7, 160, 1),
            (String(repeating: "a", count: 161), .gsm7, 161, 2),
            (String(repeating: "a", count: 306), .gsm7, 306, 2),
            (String(repeating: "a", count: 307), .gsm7, 307, 3),
            (String(repeating: "a", count: 158) + "€", .gsm7, 160, 1),
            (String(repeating: "a", count: 159) + "€", .gsm7, 161, 2),
            (String(repeating: "€", count: 80), .gsm7, 160, 1),
            (String(repeating: "a", count: 159) + "\u{0C}", .gsm7, 161, 2),
            ("^{}\\[~]|€", .gsm7, 18, 1),
            // a two-septet character never straddles two parts: 152 + 154 = 306 septets, 3 parts
            (String(repeating: "a", count: 152) + String(repeating: "€", count: 77), .gsm7, 306, 3),
            (String(repeating: "ж", count: 70), .ucs2, 70, 1),
            (String(repeating: "ж", count: 71), .ucs2, 71, 2),
            (String(repeating: "ж", count: 134), .ucs2, 134, 2),
            (String(repeating: "ж", count: 135), .ucs2, 135, 3),
            (String(repeating: "😀", count: 35), .ucs2, 70, 1),
            (String(repeating: "😀", count: 36), .ucs2, 72, 2),
            ("", .gsm7, 0, 1)
        ])
    func segments(raw: String, encoding: SMSEncoding, units: Int, segments: Int) {
        let text = SMSText(raw)
        #expect(text.encoding == encoding)
        #expect(text.units == units)
        #expect(text.segmentCount == segments)
    }

    @Test("ê counts as one septet once mapped to e, œ as two")
    func mappedCharactersCount() {
        #expect(SMSText(String(repeating: "ê", count: 160)).segmentCount == 1)
        #expect(SMSText(String(repeating: "œ", count: 80)).units == 160)
        #expect(SMSText(String(repeating: "œ", count: 81)).segmentCount == 2)
    }

    static let prefix = "Permanence: message M-2041 de Mme Dupont. "
    static let suffix = " Repondre OK 2041."

    @Test("a short alert is sent whole")
    func shortAlert() {
        let alert = SMSText.alert(prefix: Self.prefix, freeText: "Rappeler avant 18h.", suffix: Self.suffix)
        #expect(alert.text == Self.prefix + "Rappeler avant 18h." + Self.suffix)
    }

    @Test(
        "a long alert keeps its reference and cuts the free text with ...",
        arguments: [
            String(repeating: "Douleur thoracique depuis ce matin, souhaite un rappel. ", count: 6),
            String(repeating: "Le patient ", count: 30) + "fin",
            String(repeating: "Rappel 🙏 ", count: 20),
            String(repeating: "x", count: 161)
        ])
    func longAlert(freeText: String) {
        let alert = SMSText.alert(prefix: Self.prefix, freeText: freeText, suffix: Self.suffix)
        #expect(alert.segmentCount == 1)
        #expect(alert.text.hasPrefix(Self.prefix))
        #expect(alert.text.hasSuffix("..." + Self.suffix))
        // as long as fits: one more character of free text would not
        let kept = alert.text.dropFirst(Self.prefix.count).dropLast(("..." + Self.suffix).count)
        #expect(!kept.hasSuffix(" "))
        let longer = SMSText(Self.prefix + freeText.prefix(kept.count + 1) + "..." + Self.suffix)
        #expect(longer.segmentCount > 1 || freeText.dropFirst(kept.count).first?.isWhitespace == true)
    }

    @Test("when the reference alone is too long, the alert goes whole rather than cut")
    func referenceNeverDropped() {
        let reference = String(repeating: "R", count: 170)
        let alert = SMSText.alert(prefix: reference, freeText: "texte libre")
        #expect(alert.text == reference + "texte libre")
    }

    @Test("two segments can be allowed")
    func twoSegments() {
        let alert = SMSText.alert(prefix: Self.prefix, freeText: String(repeating: "y", count: 400), maxSegments: 2)
        #expect(alert.segmentCount == 2)
        #expect(alert.units > 300)
    }

    // MARK: fitting filled templates (the alerts of Messaging and Escalation)

    static func render(_ v: [String: String]) -> String { "\(v["practice"]!) : rappeler le \(v["callback"]!), ref. \(v["code"]!)" }

    @Test("a text that fits is left alone")
    func fitLeavesAFittingTextAlone() {
        let values = ["practice": "MSP Tilleuls", "callback": "+491512345678901", "code": "MK4T7Q"]
        #expect(SMSAlert.fit(values, shortenable: ["practice"], limit: 160, measure: \.count, render: Self.render) == Self.render(values))
    }

    @Test("only the shortenable value is shortened, as little as needed")
    func fitShortensOnlyTheShortenable() {
        let values = ["practice": "Maison de santé des Tilleuls", "callback": "+491512345678901", "code": "MK4T7Q"]
        // 28 + 15 + 16 + 7 + 6 = 72 characters; a limit of 60 leaves 16 for the practice name.
        let text = SMSAlert.fit(values, shortenable: ["practice"], limit: 60, measure: \.count, render: Self.render)
        #expect(text == "Maison de santé : rappeler le +491512345678901, ref. MK4T7Q")
        #expect(text.count <= 60)
    }

    @Test("what cannot fit goes whole, never cut")
    func fitNeverCutsTheRest() {
        let values = ["practice": "MSP", "callback": "+491512345678901", "code": "MK4T7Q"]
        let text = SMSAlert.fit(values, shortenable: ["practice"], limit: 30, measure: \.count, render: Self.render)
        #expect(text == Self.render(values))
    }

    @Test("an alert is normalised and measured in segments: one GSM-7 segment is 160 septets")
    func alertInOneSegment() {
        let practice = "Maison de santé des Chênes, pluriprofessionnelle et universitaire"
        let values = ["practice": practice, "callback": "+491512345678901", "code": "MK4T7Q"]
        let render = { (v: [String: String]) in v["practice"]! + " : " + String(repeating: "x", count: 89) + " ref. \(v["code"]!), " + v["callback"]! }
        let alert = SMSAlert.text(values, shortenable: ["practice"], render: render)
        #expect(alert.encoding == .gsm7)
        #expect(alert.units == 160)
        #expect(alert.text.hasSuffix(" ref. MK4T7Q, +491512345678901"))
        #expect(alert.text.hasPrefix("Maison de santé des Chenes, pluriprofe : "))
        // Not shortened: the accents GSM-7 lacks become their base letter, the guillemets plain quotes.
        let short = SMSAlert.text(
            ["practice": "Hôpital « Sud »", "callback": "06 12 34 56 78", "code": "MK4T7Q"],
            shortenable: ["practice"], render: Self.render)
        #expect(short.text == "Hopital \"Sud\" : rappeler le 06 12 34 56 78, ref. MK4T7Q")
    }

    // MARK: checking SMS templates at load (Messaging, Escalation, Notify's test text)

    @Test(
        "a template is checked as written and once filled",
        arguments: [
            ("{practice} : réf. {code}, rappelez le {callback}.", nil),
            ("{practice} : l’alerte {code} « urgente »…", nil), // typography is made plain
            ("{practice} : ça presse, {code}.", "characters outside the GSM-7 alphabet: \"ç\""),
            ("{practice} : être là, {code} 🙏", "characters outside the GSM-7 alphabet: \"ê\", \"🙏\""),
            (
                "{practice} {code} {callback} " + String(repeating: "x", count: 127),
                "162 characters with the longest values, a number of 16 characters included"
            ),
            ("{practice} {code} {callback} " + String(repeating: "x", count: 125), nil),
            ("{practice} {code} {callback} " + String(repeating: "€", count: 63), "161 characters") // extension characters count two
        ] as [(String, String?)])
    func templateCheck(template: String, fragment: String?) {
        let filled = template.replacingOccurrences(of: "{practice}", with: "MSP Tilleuls").replacingOccurrences(of: "{code}", with: "0000")
            .replacingOccurrences(of: "{callback}", with: SMSAlert.longestNumber)
        let problem = SMSAlert.problem(template: template, filled: filled)
        if let fragment {
            #expect(problem?.contains(fragment) == true, "\(problem ?? "nil")")
        } else {
            #expect(problem == nil)
        }
    }

    @Test("a value's letters are normalised, but a value GSM-7 cannot carry at all is reported")
    func valuesInTemplates() {
        #expect(SMSAlert.problem(template: "{practice} : {code}", filled: "Hôpital Sainte-Thérèse : 0000") == nil)
        let problem = SMSAlert.problem(template: "{practice} : {code}", filled: "MSP 🌳 : 0000")
        #expect(problem?.contains("UCS-2") == true, "\(problem ?? "nil")")
    }
}
