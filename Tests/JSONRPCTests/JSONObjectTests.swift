import JSONRPC
import Testing

/// Objects keep their members' order, let the last duplicate win, and compare as sets of members,
/// small or large (past the size from which lookups are indexed).
@Suite struct JSONObjectTests {
    @Test(arguments: [3, 15, 16, 17, 40])
    func lookupOrderAndRemovalAtEverySize(_ size: Int) throws {
        var o = JSONObject()
        for i in 0..<size { o["k\(i)"] = .int(i) }
        #expect(o.count == size)
        #expect(o.keys == (0..<size).map { "k\($0)" })
        for i in 0..<size { #expect(o["k\(i)"] == .int(i)) }
        #expect(o["missing"] == nil)

        o["k1"] = "replaced"
        #expect(o.keys[1] == "k1" && o["k1"] == "replaced" && o.count == size)

        o["k0"] = nil
        #expect(o["k0"] == nil && o.count == size - 1 && o.keys.first == "k1")
        for i in 2..<size { #expect(o["k\(i)"] == .int(i)) }
        o["k0"] = true
        #expect(o.keys.last == "k0" && o["k0"] == true)
    }

    @Test func parsedDuplicateKeepsFirstPlaceAndLastValue() throws {
        let v = try JSONParser.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(v.objectValue?.keys == ["a", "b"])
        #expect(v["a"] == 3)
        #expect(JSONWriter.string(v) == #"{"a":3,"b":2}"#)
    }

    @Test(arguments: [2, 20])
    func equalityAndHashIgnoreOrder(_ size: Int) throws {
        let pairs = (0..<size).map { ("m\($0)", JSONValue.int($0)) }
        let a = JSONValue.object(JSONObject(pairs))
        let b = JSONValue.object(JSONObject(pairs.reversed()))
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
        var c = JSONObject(pairs)
        c["m0"] = "other"
        #expect(JSONValue.object(c) != a)
        var d = JSONObject(pairs)
        d["extra"] = .null
        #expect(JSONValue.object(d) != a)
    }
}
