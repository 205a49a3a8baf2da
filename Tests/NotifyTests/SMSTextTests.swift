import Notify
import Testing

@Suite("SMS text: GSM-7 normalisation, encoding and segments")
struct SMSTextTests {
    @Test("normalisation", arguments: [
        ("L’été ‘chaud’", "L'été 'chaud'"),
        ("« Rappeler » “vite”", "\"Rappeler\" \"vite\""),
        ("«\u{00A0}urgent\u{202F}»", "\"urgent\""),
        ("Patient en attente…", "Patient en attente..."),
        ("Œdème, cœur", "OEdème, coeur"),
        ("RDV\u{00A0}à\u{202F}9h", "RDV à 9h"),
        ("8h–12h — fermé", "8h-12h - fermé"),
        ("é è à ù ì ò Ç É Ä Ö Ñ Ü ä ö ñ ü", "é è à ù ì ò Ç É Ä Ö Ñ Ü ä ö ñ ü"),
        ("Fenêtre, château, île, hôpital, dû", "Fenetre, chateau, ile, hopital, du"),
        ("garçon Ça", "garcon Ça"),                 // Ç is in the basic table, ç is not
        ("À l’Hôtel-Dieu, Élise", "A l'Hotel-Dieu, Élise"),
        ("naïf Noël", "naif Noel"),
        ("Fenêtre 😀", "Fenêtre 😀"),          // an emoji needs UCS-2 anyway: accents kept
        ("Rappel: 25€ [tarif]", "Rappel: 25€ [tarif]"),
        ("e\u{0301}te\u{0301}", "été"),            // decomposed input is composed first
    ])
    func normalisation(raw: String, expected: String) {
        #expect(SMSText.normalize(raw) == expected)
    }

    @Test("encoding", arguments: [
        ("Bonjour", SMSEncoding.gsm7),
        ("L’hôpital ça", .gsm7),
        ("{}[]~^|\\€", .gsm7),
        ("Привет", .ucs2),
        ("Merci 🙏", .ucs2),
        ("", .gsm7),
    ])
    func encoding(raw: String, expected: SMSEncoding) {
        #expect(SMSText(raw).encoding == expected)
    }

    @Test("units and segments at the boundaries", arguments: [
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
        ("", .gsm7, 0, 1),
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

    @Test("a long alert keeps its reference and cuts the free text with ...", arguments: [
        String(repeating: "Douleur thoracique depuis ce matin, souhaite un rappel. ", count: 6),
        String(repeating: "Le patient ", count: 30) + "fin",
        String(repeating: "Rappel 🙏 ", count: 20),
        String(repeating: "x", count: 161),
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

    @Test("when the reference alone is too long, it is still kept")
    func referenceNeverDropped() {
        let reference = String(repeating: "R", count: 170)
        let alert = SMSText.alert(prefix: reference, freeText: "texte libre")
        #expect(alert.text == reference)
    }

    @Test("two segments can be allowed")
    func twoSegments() {
        let alert = SMSText.alert(prefix: Self.prefix, freeText: String(repeating: "y", count: 400), maxSegments: 2)
        #expect(alert.segmentCount == 2)
        #expect(alert.units > 300)
    }
}
