/// Splits a byte stream into lines of at most `maximumLength` bytes.
///
/// A trailing `\r` is dropped. A line longer than the limit is reported once as `.tooLong`
/// and its bytes are discarded up to the next newline, so one bad line never ends a session
/// and never grows memory beyond the limit.
public struct LineFramer: Sendable {
    public enum Frame: Sendable, Equatable {
        case line([UInt8])
        case tooLong
    }

    public let maximumLength: Int
    private var pending: [UInt8] = []
    private var discarding = false

    public init(maximumLength: Int = 1 << 20) { self.maximumLength = maximumLength }

    /// Feeds bytes; returns the complete frames they finish.
    public mutating func feed(_ bytes: some Collection<UInt8>) -> [Frame] {
        var frames: [Frame] = []
        var start = bytes.startIndex
        while start != bytes.endIndex {
            if let nl = bytes[start...].firstIndex(of: 0x0A) {
                let chunk = bytes[start..<nl]
                if discarding {
                    discarding = false
                } else if pending.count + chunk.count > maximumLength + 1 {
                    pending.removeAll(keepingCapacity: false)
                    frames.append(.tooLong)
                } else {
                    pending.append(contentsOf: chunk)
                    if pending.last == 0x0D { pending.removeLast() }
                    if pending.count > maximumLength {
                        frames.append(.tooLong)
                    } else {
                        frames.append(.line(pending))
                    }
                    pending.removeAll(keepingCapacity: true)
                }
                start = bytes.index(after: nl)
            } else {
                let chunk = bytes[start...]
                if !discarding {
                    if pending.count + chunk.count > maximumLength + 1 {
                        pending.removeAll(keepingCapacity: false)
                        discarding = true
                        frames.append(.tooLong)
                    } else {
                        pending.append(contentsOf: chunk)
                    }
                }
                start = bytes.endIndex
            }
        }
        return frames
    }

    /// At end of input: the unterminated last line, if any.
    public mutating func finish() -> [Frame] {
        defer { pending.removeAll(); discarding = false }
        if discarding || pending.isEmpty { return [] }
        if pending.last == 0x0D { pending.removeLast() }
        return pending.count > maximumLength ? [.tooLong] : [.line(pending)]
    }
}
