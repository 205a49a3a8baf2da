import Foundation
import Practice
import Testing

@testable import Kernel

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("06-12-34-56-78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("+33612345678", "+33612345678"),
        (" 06 12 34 56 78 ", "+33612345678"),
        ("06\u{00A0}12\u{00A0}34\u{00A0}56\u{00A0}78", "+33612345678"),
        ("01 42 34 56 78", "+33142345678"),
        ("07 81 23 45 67", "+33781234567"),
        ("09 70 12 34 56", "+33970123456"),
        ("(01) 42.34.56.78", "+33142345678"),
        ("0690 12 34 56", "+590690123456"), // Guadeloupe mobile
        ("02 62 12 34 56", "+262262123456"), // Réunion landline
        ("0596 12 34 56", "+596596123456"), // Martinique landline
        ("+262 692 12 34 56", "+262692123456"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+1 (212) 555-0123", "+12125550123"),
        ("0049 30 1234567", "+49301234567"),
        ("+32 2 123 45 67", "+3221234567")
    ])
    func normalises(input: String, e164: String) throws {
        #expect(try PhoneNumber(input).e164 == e164)
    }

    @Test(arguments: [
        ("", "empty"),
        ("   ", "empty"),
        ("-. ()", "empty"),
        ("06 12 34 56 7", "has 9 digits"),
        ("612345678", "has 9 digits"),
        ("06 12 34 56 78 9", "has 11 digits"),
        ("0012", "has 2 digits after +"),
        ("06 12 34 AB 78", "contains \"A\""),
        ("tel: 0612345678", "contains \"t\""),
        ("06 12 34 56 78 ext 2", "contains \"e\""),
        ("06+12345678", "contains \"+\""),
        ("++33612345678", "contains \"+\""),
        ("+33 6 12 34 56", "French phone number"),
        ("+33 0 12 34 56 78", "French phone number"),
        ("+44 1234", "has 6 digits after +"),
        ("+1234567890123456", "has 16 digits after +"),
        ("+0 12 34 56 78", "not starting with 0"),
        ("06 12 34 56 7８", "contains \"８\"")
    ])
    func rejects(input: String, message: String) {
        do {
            let number = try PhoneNumber(input)
            Issue.record("\"\(input)\" was accepted as \(number)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test(arguments: [
        ("06 12 34 56 78", true),
        ("07 81 23 45 67", true),
        ("+33 7 00 00 00 00", true),
        ("01 42 34 56 78", false),
        ("09 70 12 34 56", false),
        ("0690 12 34 56", true),
        ("0590 12 34 56", false),
        ("+44 7911 123456", false),
        ("+590 590 12 34 56", false)
    ])
    func isMobile(input: String, mobile: Bool) throws {
        #expect(try PhoneNumber(input).isMobile == mobile)
    }

    @Test(
        arguments: [
            ("+33612345678", "06 12 34 56 78"),
            ("0690123456", "06 90 12 34 56"),
            ("+442079460958", nil),
            ("+590123456789", nil)
        ] as [(String, String?)])
    func frenchNationalFormat(input: String, expected: String?) throws {
        #expect(try PhoneNumber(input).frenchNationalFormat == expected)
    }

    @Test func codesAsE164AndDecodingNormalises() throws {
        let decoded = try JSONDecoder().decode([PhoneNumber].self, from: Data(#"["06 12 34 56 78"]"#.utf8))
        #expect(decoded.map(\.e164) == ["+33612345678"])
        #expect(String(decoding: try JSONEncoder().encode(decoded), as: UTF8.self) == #"["+33612345678"]"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([PhoneNumber].self, from: Data(#"["06 12"]"#.utf8))
        }
    }
}
