import JSONRPC
import Testing

/// The parser accepts exactly RFC 8259 JSON and keeps numbers' text.
@Suite struct JSONParserTests {
    @Test(arguments: ["{}", "[]", "0", "-0.5e+3", #""\u00e9\ud83d\ude00""#, "[1,{\"a\":[null,true,false]}]", " \t\n1\r\n"])
    func acceptsValidJSON(_ text: String) throws {
        _ = try JSONParser.parse(text)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", ".5", "+1", "tru", "\"\u{01}\"", #""\x""#, #""\ud800""#, "1 2", "{'a':1}", "NaN"])
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }

    @Test(arguments: ["1.50", "12345678901234567890", "-0", "1e400"])
    func numbersRoundTripByteForByte(_ text: String) throws {
        #expect(JSONWriter.string(try JSONParser.parse(text)) == text)
    }

    @Test func stringsRoundTripWithEscapes() throws {
        let value = JSONValue.string("a\"b\\c\nd\u{01}é😀")
        #expect(try JSONParser.parse(JSONWriter.bytes(value)) == value)
        #expect(!JSONWriter.bytes(value).contains(0x0A))
    }

    @Test func objectsKeepMemberOrder() throws {
        let v = try JSONParser.parse(#"{"b":1,"a":2,"c":3}"#)
        #expect(v.objectValue?.keys == ["b", "a", "c"])
        #expect(JSONWriter.string(v) == #"{"b":1,"a":2,"c":3}"#)
    }

    @Test func deepNestingIsRefused() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }

    /// Invalid UTF-8 is refused with or without escapes in the string, and wherever it stands.
    @Test(
        arguments: [
            [0x22, 0xC3, 0x28, 0x22], [0x22, 0x61, 0x80, 0x22], [0x22, 0x61, 0x62, 0xFF, 0x22],
            [0x22, 0x5C, 0x6E, 0xC3, 0x28, 0x22], [0x22, 0xE2, 0x82, 0x22]
        ] as [[UInt8]])
    func invalidUTF8IsRefused(bytes: [UInt8]) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(bytes) }
    }

    /// ASCII strings take a path without validation; accented ones are validated: both come out equal to the text.
    @Test(arguments: ["Dr Karim Benali", "MOREAU Inès", "Séville — « Lulu »", "", "a\"b"])
    func stringsComeOutAsWritten(text: String) throws {
        #expect(try JSONParser.parse(Array(JSONWriter.string(.string(text)).utf8)) == .string(text))
    }
}
