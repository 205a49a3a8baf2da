import Foundation
import Kernel
import Testing

@testable import JSONRPC

/// The streaming encoder and `WireWritable` write what Foundation's `JSONEncoder` writes.
@Suite struct WireEncodingTests {
    static let paris = TimeZone(identifier: "Europe/Paris")!
    static let encoder = WireEncoder(timeZone: paris)

    /// What Foundation's encoder writes, with the same date strategy: the reference.
    static func reference<T: Encodable>(_ value: T) throws -> JSONValue {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { date, enc in
            var c = enc.singleValueContainer()
            try c.encode(RFC3339.format(date, in: paris))
        }
        e.outputFormatting = [.withoutEscapingSlashes]
        return try JSONParser.parse(Array(try e.encode(value)))
    }

    struct Caller: Codable, Equatable {
        var name: String?
        var phone: String?
    }
    enum Status: String, Codable { case booked, cancelled }
    struct Appointment: Codable {
        var id: String
        var start: Date
        var status: Status
        var caller: Caller?
        var notes: String?
        var tags: [String]
        var counts: [String: Int]
        var ratio: Double
        var whole: Double
        var small: Int8
        var big: UInt64
        var flag: Bool
        var extra: JSONValue
        var nested: [[Int]]
        var link: URL
    }
    /// Writes two members through one container and one through a nested one, as hand-written conformances do.
    struct Custom: Encodable {
        enum K: String, CodingKey { case a, inner, list }
        enum I: String, CodingKey { case x }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: K.self)
            try c.encode("é\"\\/\n\t\u{1}", forKey: .a)
            var inner = c.nestedContainer(keyedBy: I.self, forKey: .inner)
            try inner.encodeNil(forKey: .x)
            var list = c.nestedUnkeyedContainer(forKey: .list)
            try list.encode(1.5)
            try list.encode(true)
        }
    }
    /// Writes nothing at all: JSONEncoder gives `{}`.
    struct Empty: Encodable { func encode(to encoder: any Encoder) throws {} }
    /// Comes back to a container after a sibling was written: the stream cannot, the fallback does.
    struct Interleaved: Encodable {
        enum K: String, CodingKey { case a, b, c }
        func encode(to encoder: any Encoder) throws {
            var outer = encoder.container(keyedBy: K.self)
            var first = outer.nestedUnkeyedContainer(forKey: .a)
            var second = outer.nestedUnkeyedContainer(forKey: .b)
            try first.encode(1)
            try second.encode(2)
            try outer.encode(3, forKey: .c)
        }
    }

    static let sample = Appointment(
        id: "apt_1", start: RFC3339.parse("2026-03-29T09:30:00+02:00")!, status: .booked, caller: Caller(name: "Mme « Lulu »", phone: nil),
        notes: nil, tags: ["a", "b/c"], counts: ["x": 1, "y": -2], ratio: 0.1, whole: 3.0, small: -8, big: UInt64.max, flag: false,
        extra: ["k": [1, "two", nil]], nested: [[], [1, 2]], link: URL(string: "https://example.org/a?b=c")!)

    @Test func structsEnumsOptionalsCollectionsAndNumbers() throws {
        #expect(try JSONParser.parse(Self.encoder.encode(Self.sample)) == Self.reference(Self.sample))
        #expect(try JSONParser.parse(Self.encoder.encode([Self.sample, Self.sample])) == Self.reference([Self.sample, Self.sample]))
    }

    @Test func keysComeInEncodingOrder() throws {
        let text = String(decoding: try Self.encoder.encode(Self.sample), as: UTF8.self)
        #expect(text.hasPrefix(#"{"id":"apt_1","start":"2026-03-29T09:30:00+02:00","status":"booked","caller":{"name":"#))
        #expect(!text.contains("notes"), "nil optionals are left out")
        #expect(text.contains(#""whole":3,"#), "whole doubles without .0, as JSONEncoder")
    }

    @Test(arguments: [0, 1, 2])
    func handWrittenEmptyAndInterleavedConformances(_ which: Int) throws {
        switch which {
        case 0: #expect(try JSONParser.parse(Self.encoder.encode(Custom())) == Self.reference(Custom()))
        case 1: #expect(try JSONParser.parse(Self.encoder.encode([Empty()])) == Self.reference([Empty()]))
        default: #expect(try JSONParser.parse(Self.encoder.encode(Interleaved())) == Self.reference(Interleaved()))
        }
    }

    @Test func notANumberIsAnError() {
        #expect(throws: (any Error).self) { try Self.encoder.encode(["x": Double.nan]) }
    }

    /// Every primitive written through an array element and through a single value.
    struct Primitives: Encodable {
        /// A value written through its single-value container.
        struct Single<V: Encodable>: Encodable {
            let value: V
            func encode(to encoder: any Encoder) throws {
                var c = encoder.singleValueContainer()
                try c.encode(value)
            }
        }
        func encode(to encoder: any Encoder) throws {
            var list = encoder.unkeyedContainer()
            try list.encodeNil()
            try list.encode(true)
            try list.encode("é\"/")
            try list.encode(2.5)
            try list.encode(Float(0.25))
            try list.encode(Int(-1))
            try list.encode(Int8(-8))
            try list.encode(Int16(-16))
            try list.encode(Int32(-32))
            try list.encode(Int64.min)
            try list.encode(UInt(1))
            try list.encode(UInt8(8))
            try list.encode(UInt16(16))
            try list.encode(UInt32(32))
            try list.encode(UInt64.max)
            try list.encode(Status.cancelled)
            try list.encode(Single(value: false))
            try list.encode(Single(value: Int16(7)))
            try list.encode(Single(value: ["nested": [1.5]]))
        }
    }

    @Test func primitivesInArraysAndSingleValuesAreStreamed() throws {
        let streamed = try StreamingJSONEncoder(offsets: ZoneOffsets.of(Self.paris)).encode(Primitives())
        #expect(try JSONParser.parse(streamed) == Self.reference(Primitives()))
        let text = String(decoding: streamed, as: UTF8.self)
        #expect(text.hasPrefix("[null,true,"))
        #expect(text.contains(",2.5,0.25,-1,-8,-16,-32,"))
        #expect(text.hasSuffix(#""cancelled",false,7,{"nested":[1.5]}]"#))
    }

    /// Instants at and around both 2026 changes in Paris, with and without milliseconds.
    @Test(arguments: [
        "2026-03-29T01:59:59Z", "2026-03-29T02:00:00+02:00", "2026-10-25T00:59:59Z", "2026-10-25T01:00:00Z",
        "2026-10-25T02:30:00.250+01:00", "1969-12-31T23:00:00Z", "2150-06-01T12:00:00Z"
    ])
    func instantsFormatAsTheTimeZoneSays(_ text: String) throws {
        let date = try #require(RFC3339.parse(text))
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = Self.paris
        formatter.formatOptions = [.withInternetDateTime]
        let expected = formatter.string(from: date.addingTimeInterval(-(date.timeIntervalSince1970.truncatingRemainder(dividingBy: 1))))
        #expect(RFC3339.format(date, in: Self.paris).hasPrefix(String(expected.prefix(19))))
        #expect(RFC3339.format(date, in: Self.paris).hasSuffix(String(expected.suffix(6))))
        #expect(RFC3339.parse(RFC3339.format(date, in: Self.paris)) == date)
    }

    /// The offset table agrees with the time-zone database every 6 hours for 2000–2040.
    @Test(arguments: ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"])
    func zoneOffsetsMatchTimeZone(_ identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        let table = ZoneOffsets.of(zone)
        var t = RFC3339.parse("2000-01-01T00:00:00Z")!.timeIntervalSince1970
        let end = RFC3339.parse("2040-01-01T00:00:00Z")!.timeIntervalSince1970
        var mismatches = 0
        while t < end {
            let d = Date(timeIntervalSince1970: t)
            if table.secondsFromGMT(for: d) != zone.secondsFromGMT(for: d) { mismatches += 1 }
            t += 6 * 3600 + 17
        }
        #expect(mismatches == 0)
    }

    /// A writer of many instants reuses the last date's text and offset span: written in one
    /// stream, every instant must still read as written alone, and as the zone says, whatever the
    /// order (back and forth across both changes, midnight, 1970, the table's end in 2100, years
    /// outside 0…9999).
    @Test(arguments: ["Europe/Paris", "Australia/Lord_Howe", "UTC"])
    func instantsWrittenInOneStreamEachReadAsAlone(_ identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        let texts = [
            "2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-03-28T23:00:00Z", "2026-03-29T01:00:00.5Z",
            "2026-10-25T00:59:59.999Z", "2026-10-25T01:00:00Z", "2026-10-24T22:00:00Z", "2026-10-25T23:30:00Z",
            "2026-10-25T00:30:00Z", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "2099-12-31T23:30:00Z",
            "2100-01-01T00:30:00Z", "2100-01-01T00:30:00Z", "9999-12-31T23:00:00Z", "2026-01-01T00:00:00Z"
        ]
        var dates = try texts.map { try #require(RFC3339.parse($0)) }
        dates.append(Date(timeIntervalSince1970: 253_402_300_800 + 86_400 * 40)) // year 10000
        dates.append(Date(timeIntervalSince1970: -62_167_219_200 - 86_400 * 400)) // year -1
        dates.append(dates[0])
        dates.append(Date(timeIntervalSince1970: 1_772_409_599.9996)) // rounds to the next second, a new day
        dates.append(Date(timeIntervalSince1970: -0.0001)) // 1970-01-01T00:00:00Z, not 1969-12-31T23:59:59
        let encoder = WireEncoder(timeZone: zone)
        let stream = try JSONParser.parse(encoder.encode(dates))
        let alone = try dates.map { try #require(JSONParser.parse(encoder.encode([$0])).arrayValue?.first) }
        #expect(stream.arrayValue == alone)
        let utc = WireEncoder(timeZone: TimeZone(identifier: "UTC")!)
        #expect(RFC3339.format(dates[dates.count - 2], in: TimeZone(identifier: "UTC")!) == "2026-03-02T00:00:00Z")
        #expect(try JSONParser.parse(utc.encode([dates.last!])).arrayValue == ["1970-01-01T00:00:00Z"])
        for (date, written) in zip(dates, try #require(stream.arrayValue)) {
            let text = try #require(written.stringValue)
            #expect(text == RFC3339.format(date, in: zone))
            if let parsed = RFC3339.parse(text) { #expect(abs(parsed.timeIntervalSince(date)) < 0.001) }
            if (1971...2099).contains(Int(text.prefix(4)) ?? 0) {
                let offset = zone.secondsFromGMT(for: date)
                let suffix =
                    offset == 0 && identifier == "UTC"
                    ? "Z"
                    : String(format: "%@%02d:%02d", offset < 0 ? "-" : "+", abs(offset) / 3600, abs(offset) / 60 % 60)
                #expect(text.hasSuffix(suffix), "\(text) in \(identifier)")
            }
        }
    }
}
