// libFuzzer entry for the line framer and the JSON parser. Compiled together with
// `Sources/JSONRPC/*.swift` into one module by `scripts/fuzz` (so no `import JSONRPC`).
//
// Every input is checked against invariants, not only for crashes; a broken invariant calls
// `fatalError`, which libFuzzer reports as a crash together with the input that caused it.

/// Limits the framer is run with on every input: tiny ones make every seed an over-long line.
private let frameLimits = [0, 1, 2, 7, 64, 4096]
/// Read sizes the input is fed in, as a socket might deliver it; 0 means all at once. Byte by
/// byte only for short inputs, which keeps the fuzzer fast.
private func chunkSizes(for count: Int) -> [Int] { count <= 512 ? [0, 1, 5, 61] : [0, 5, 61] }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONRPC(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    checkParser(input)
    checkIncoming(input)
    for limit in frameLimits {
        let expected = referenceFrames(input, maximumLength: limit)
        for chunk in chunkSizes(for: input.count) {
            let frames = framed(input, maximumLength: limit, chunkSize: chunk)
            for case .line(let line) in frames {
                require(line.count <= limit, "framer yielded a line of \(line.count) bytes over its limit of \(limit)")
                require(!line.contains(0x0A), "framer yielded a line holding a newline")
            }
            require(frames == expected, "framer (limit \(limit), reads of \(chunk)) gave \(frames), expected \(expected)")
            if limit == 4096 { for case .line(let line) in frames { checkParser(line) } }
        }
    }
    return 0
}

private func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// The parser returns a value or a `Failure` inside the input; a value re-encodes to one line of
/// JSON that parses to the same value and re-encodes to the same bytes.
private func checkParser(_ input: [UInt8]) {
    let value: JSONValue
    do {
        value = try JSONParser.parse(input)
    } catch {
        require(error.offset >= 0 && error.offset <= input.count, "failure offset \(error.offset) outside 0...\(input.count)")
        require(!error.reason.isEmpty, "failure without a reason")
        return
    }
    require(String(validating: input, as: UTF8.self) != nil, "accepted invalid UTF-8")
    require(depth(of: value) < JSONParser.maximumDepth, "accepted nesting deeper than \(JSONParser.maximumDepth)")
    let encoded = JSONWriter.bytes(value)
    require(!encoded.contains(0x0A) && !encoded.contains(0x0D), "the writer produced a line break")
    let again: JSONValue
    do {
        again = try JSONParser.parse(encoded)
    } catch {
        fatalError("re-encoded value does not parse (\(error.reason) at \(error.offset)): \(String(decoding: encoded, as: UTF8.self))")
    }
    require(again == value, "re-encoded value parses to a different value")
    require(JSONWriter.bytes(again) == encoded, "re-encoding is not stable")
}

/// A line classifies as exactly what the parser and §4 of the specification make of it.
private func checkIncoming(_ input: [UInt8]) {
    let parsed = try? JSONParser.parse(input)
    switch Incoming.parse(input) {
    case .parseError:
        require(parsed == nil, "a parse error for JSON the parser accepts")
    case .single(let entry):
        require(parsed != nil, "a message from input the parser refuses")
        if case .array(let elements)? = parsed { require(elements.isEmpty, "a non-empty array classified as a single message") }
        checkEntry(entry)
    case .batch(let entries):
        guard case .array(let elements)? = parsed else { fatalError("a batch from input that is not an array") }
        require(entries.count == elements.count && !entries.isEmpty, "a batch of \(entries.count) entries from \(elements.count) elements")
        entries.forEach(checkEntry)
    }
}

private func checkEntry(_ entry: Incoming.Entry) {
    switch entry {
    case .request(let request):
        if let id = request.id {
            switch id {
            case .string, .number, .null: break
            default: fatalError("a request id of a forbidden type")
            }
        }
        switch request.params {
        case nil, .array?, .object?: break
        default: fatalError("params that are neither an array nor an object")
        }
    case .invalid(let id, let error):
        switch id {
        case .string, .number, .null: break
        default: fatalError("an error echoing an id of a forbidden type")
        }
        require(error.code == .invalidRequest, "an invalid entry answered with \(error.code.rawValue), not -32600")
    }
}

private func depth(of value: JSONValue) -> Int {
    switch value {
    case .array(let elements): 1 + (elements.map(depth(of:)).max() ?? 0)
    case .object(let object): 1 + (object.map { depth(of: $0.value) }.max() ?? 0)
    default: 0
    }
}

/// The input fed to a fresh framer in reads of `chunkSize` bytes, then finished.
private func framed(_ input: [UInt8], maximumLength: Int, chunkSize: Int) -> [LineFramer.Frame] {
    var framer = LineFramer(maximumLength: maximumLength)
    var frames: [LineFramer.Frame] = []
    if chunkSize == 0 {
        frames += framer.feed(input)
    } else {
        var start = 0
        while start < input.count {
            let end = min(start + chunkSize, input.count)
            frames += framer.feed(input[start..<end])
            start = end
        }
    }
    return frames + framer.finish()
}

/// What the framer promises, written the obvious way: each newline-ended piece (and a non-empty
/// last piece) loses one trailing `\r`, then is a line if it fits and `.tooLong` otherwise.
private func referenceFrames(_ input: [UInt8], maximumLength: Int) -> [LineFramer.Frame] {
    var pieces = input.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    if pieces.last?.isEmpty == true { pieces.removeLast() }
    return pieces.map { piece in
        var line = piece
        if line.last == 0x0D { line.removeLast() }
        return line.count > maximumLength ? .tooLong : .line(line)
    }
}
