#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a byte stream into lines of at most `maximumLength` bytes.
///
/// A trailing `\r` is dropped. A line longer than the limit is reported once as `.tooLong`
/// and its bytes are discarded up to the next newline, so one bad line never ends a session
/// and never grows memory beyond the limit.
package struct LineFramer: Sendable {
    package enum Frame: Sendable, Equatable {
        case line([UInt8])
        case tooLong
    }

    /// May change between feeds (the TCP transport raises it once a connection authenticates).
    package var maximumLength: Int
    private var pending: [UInt8] = []
    private var discarding = false

    package init(maximumLength: Int = 1 << 20) { self.maximumLength = maximumLength }

    /// Feeds bytes; returns the complete frames they finish.
    package mutating func feed(_ bytes: some Collection<UInt8>) -> [Frame] {
        if let frames = bytes.withContiguousStorageIfAvailable({ feed(UnsafeRawBufferPointer($0)) }) { return frames }
        return Array(bytes).withUnsafeBytes { feed($0) }
    }

    /// Feeds bytes from contiguous memory (what a socket read gives); newlines are found with `memchr`.
    package mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [Frame] {
        var frames: [Frame] = []
        guard let base = bytes.baseAddress else { return frames }
        var start = 0
        let end = bytes.count
        while start < end {
            if let hit = memchr(base + start, 0x0A, end - start) {
                let nl = base.distance(to: UnsafeRawPointer(hit))
                let chunk = UnsafeRawBufferPointer(rebasing: bytes[start..<nl])
                if discarding {
                    discarding = false
                } else if pending.count + chunk.count > maximumLength + 1 {
                    pending.removeAll(keepingCapacity: false)
                    frames.append(.tooLong)
                } else if pending.isEmpty {
                    // The common case: a whole line inside one read, copied once.
                    var count = chunk.count
                    if count > 0 && chunk[count - 1] == 0x0D { count -= 1 }
                    frames.append(count > maximumLength ? .tooLong : .line(Array(chunk.prefix(count))))
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
                start = nl + 1
            } else {
                let chunk = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                if !discarding {
                    if pending.count + chunk.count > maximumLength + 1 {
                        pending.removeAll(keepingCapacity: false)
                        discarding = true
                        frames.append(.tooLong)
                    } else {
                        pending.append(contentsOf: chunk)
                    }
                }
                start = end
            }
        }
        return frames
    }

    /// At end of input: the unterminated last line, if any.
    package mutating func finish() -> [Frame] {
        defer {
            pending.removeAll()
            discarding = false
        }
        if discarding || pending.isEmpty { return [] }
        if pending.last == 0x0D { pending.removeLast() }
        return pending.count > maximumLength ? [.tooLong] : [.line(pending)]
    }
}
