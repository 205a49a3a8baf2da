/// The character set an SMS travels in, which decides how many characters fit in a segment.
package enum SMSEncoding: String, Sendable, Hashable {
    /// The GSM 03.38 7-bit default alphabet: 160 septets in one segment, 153 per part of a
    /// concatenated message; extension characters take two septets.
    case gsm7
    /// UCS-2 (UTF-16 on modern handsets): 70 code units in one segment, 67 per part.
    case ucs2

    /// Units that fit in a message sent as a single segment.
    package var singleSegmentCapacity: Int { self == .gsm7 ? 160 : 70 }
    /// Units that fit in each part of a concatenated message (the rest holds the UDH).
    package var multipartSegmentCapacity: Int { self == .gsm7 ? 153 : 67 }
}
