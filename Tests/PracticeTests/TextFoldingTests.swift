import Foundation
import Testing

@testable import Practice

@Suite struct TextFoldingTests {
    @Test(arguments: [
        ("Hélène Lefèvre-Dubois", "helene lefevre dubois"),
        ("FRANÇOIS", "francois"),
        ("Cœur", "coeur"),
        ("Lætitia", "laetitia"),
        ("ŒUVRE", "oeuvre"),
        ("d'Artagnan", "d artagnan"),
        ("L’Hôpital", "l hopital"),
        ("  Jean--Pierre   O'Neil.  ", "jean pierre o neil"),
        ("Noël, Zoë & Anaïs!", "noel zoe anais"),
        ("Straße", "strasse"),
        ("Dr. Müller (Ørsted)", "dr muller orsted"),
        ("rue du 8 mai 1945", "rue du 8 mai 1945"),
        ("e\u{0301}cole", "ecole"), // decomposed é
        ("", ""),
        ("--- ' ---", "")
    ])
    func folds(input: String, expected: String) {
        #expect(TextFolding.fold(input) == expected)
    }

    @Test(arguments: [
        ("helene lefevre", "Hélène Lefèvre-Dubois", true),
        ("lefevre dubois", "Hélène Lefèvre-Dubois", true),
        ("DUBOIS hélène", "Hélène Lefèvre-Dubois", true),
        ("lef dub", "Hélène Lefèvre-Dubois", true),
        ("martin", "Martine Durand", true), // prefix match, by design
        ("martine", "Martin Durand", false),
        ("lefevre-dubois", "Hélène Lefèvre Dubois", true),
        ("helene martin", "Hélène Lefèvre-Dubois", false),
        ("bois", "Hélène Lefèvre-Dubois", false), // prefix of a word, not a substring
        ("", "Hélène Lefèvre-Dubois", true),
        ("helene", "", false),
        ("coeur", "Marie Cœur", true)
    ])
    func matches(query: String, text: String, expected: Bool) {
        #expect(TextFolding.matches(query: query, in: text) == expected)
    }

    @Test(arguments: [
        ("Lefèvre-Dubois", "Hélène", "HELENE", "lefevre dubois"),
        ("Le Goff", "Jean-Pierre", "jean pierre", "LEGOFF"),
        ("N'Diaye", "Aïssatou", "aissatou", "ndiaye")
    ])
    func duplicateKeysAgree(lastA: String, firstA: String, firstB: String, lastB: String) {
        let birth = date("1980-02-29")
        #expect(
            TextFolding.duplicateKey(lastName: lastA, firstName: firstA, birthDate: birth)
                == TextFolding.duplicateKey(lastName: lastB, firstName: firstB, birthDate: birth))
    }

    @Test func duplicateKeysDiffer() {
        let key = TextFolding.duplicateKey(lastName: "Le Goff", firstName: "Jean-Pierre", birthDate: date("1980-02-29"))
        #expect(key == "legoff|jeanpierre|1980-02-29")
        #expect(key != TextFolding.duplicateKey(lastName: "Le Goff", firstName: "Jean-Pierre", birthDate: date("1980-03-01")))
        #expect(key != TextFolding.duplicateKey(lastName: "Le Goff", firstName: "Jean", birthDate: date("1980-02-29")))
        #expect(key != TextFolding.duplicateKey(lastName: "Legoffe", firstName: "Jean-Pierre", birthDate: date("1980-02-29")))
    }
}
