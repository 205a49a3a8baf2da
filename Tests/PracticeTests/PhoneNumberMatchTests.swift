import Foundation
import Kernel
import Testing

/// A number of the French plan matches whatever form it was written or sent in.
@Suite struct PhoneNumberMatchTests {
    @Test(
        "the same 9-digit French national number matches across +33 and the overseas codes",
        arguments: [
            ("06 39 98 12 01", "+33 6 39 98 12 01"), // national form → Mayotte's +262; configured as +33
            ("06 39 98 12 01", "+33639981201"),
            ("+262 639 98 12 01", "+33 (0)6 39 98 12 01"),
            ("0033 6 39 98 12 01", "+590 639 98 12 01"),
            ("0690 12 34 56", "+33 6 90 12 34 56"),
            ("06 12 34 56 78", "+33612345678")
        ])
    func matches(a: String, b: String) throws {
        #expect(try PhoneNumber(a).matches(PhoneNumber(b)))
        #expect(PhoneNumber.sameSubscriber(a, b))
        #expect(try PhoneNumber(a).matchKey == PhoneNumber(b).matchKey)
    }

    @Test(
        "different subscribers, other countries and non-numbers do not match",
        arguments: [
            ("06 39 98 12 01", "06 39 98 12 02"),
            ("+33 6 39 98 12 01", "+44 6 39 98 12 01"), // not the French plan
            ("+508 41 23 45", "+33 5 08 41 23 45"), // Saint-Pierre-et-Miquelon has its own 6-digit plan
            ("+687 12 34 56", "+33 6 12 34 56 78"),
            ("06 39 98 12 01", "pas un numéro")
        ])
    func differs(a: String, b: String) {
        #expect(!PhoneNumber.sameSubscriber(a, b))
    }

    @Test("matchingE164s lists every spelling of a French-plan number, its own first; others have one")
    func spellings() throws {
        let national = try PhoneNumber("06 39 98 12 01")
        #expect(national.e164 == "+262639981201")
        #expect(national.matchingE164s.first == "+262639981201")
        #expect(Set(national.matchingE164s) == ["+33639981201", "+262639981201", "+590639981201", "+594639981201", "+596639981201"])
        #expect(try PhoneNumber("+44 20 7946 0958").matchingE164s == ["+442079460958"])
        #expect(try PhoneNumber("+508 41 23 45").frenchNationalSignificantNumber == nil)
    }
}
