import Foundation
import PermanenceTesting

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HTTP/1.1 server on 127.0.0.1 (port chosen by the system) that records every request
/// and answers `status` (default 200) with `{}`, after `unavailableFirst` answers of 503 (with
/// `Retry-After` when given): the SMS gateway and the practice's webhook endpoint of the
/// end-to-end tests (a gateway answering 400 rejects every SMS). Started and stopped by the test;
/// waiting for a request blocks on a condition, no polling.
final class HTTPReceiver: @unchecked Sendable {
    // Invariant: `requests` and `stopped` are only touched while holding `lock`; `listener` is set once in init.
    struct Received: Sendable {
        let at: Date
        let method: String
        let path: String
        let headers: [String: String]
        let body: String
    }

    let port: Int
    /// The HTTP status every request gets (`answer(with:)` changes it: a gateway back in service).
    var status: Int {
        lock.lock()
        defer { lock.unlock() }
        return currentStatus
    }
    private var currentStatus: Int
    private let listener: Int32
    private let unavailableFirst: Int
    private let retryAfterSeconds: Int?
    /// The JSON body of the answer to the n-th request (1-based); `{}` by default.
    private let answerBody: @Sendable (Int) -> String
    private let lock = NSCondition()
    private var requests: [Received] = []
    private var stopped = false

    init(
        status: Int = 200, unavailableFirst: Int = 0, retryAfterSeconds: Int? = nil,
        answerBody: @escaping @Sendable (Int) -> String = { _ in "{}" }
    ) throws {
        currentStatus = status
        self.answerBody = answerBody
        self.unavailableFirst = unavailableFirst
        self.retryAfterSeconds = retryAfterSeconds
        let fd = socket(AF_INET, TestSocket.stream, 0)
        guard fd >= 0 else { throw HarnessError("socket() failed") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw HarnessError("bind/listen failed: errno \(errno)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: actual.sin_port))
        let thread = Thread { [self] in self.acceptLoop() }
        thread.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far.
    var received: [Received] {
        lock.lock()
        defer { lock.unlock() }
        return requests
    }

    /// Waits (at most `seconds`) for a request matching `predicate`: delivery is asynchronous.
    func waitFor(seconds: Double = 30, _ predicate: (Received) -> Bool) throws -> Received {
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let r = requests.first(where: predicate) { return r }
            if !lock.wait(until: deadline) { break }
        }
        throw HarnessError("no matching request within \(seconds) s; received: \(requests.map { "\($0.method) \($0.path) \($0.body)" })")
    }

    /// Waits (at most `seconds`) until `count` requests arrived; returns those received by then.
    func waitFor(count: Int, seconds: Double) -> [Received] {
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock()
        defer { lock.unlock() }
        while requests.count < count && lock.wait(until: deadline) {}
        return requests
    }

    /// Answers `status` to the requests from now on.
    func answer(with status: Int) {
        lock.lock()
        currentStatus = status
        lock.unlock()
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func acceptLoop() {
        while !isStopped {
            let fd = TestSocket.accept(listener)
            if fd < 0 {
                if isStopped { return }
                continue
            }
            let thread = Thread { [self] in self.serve(fd) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var tv = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            // Headers.
            var headerEnd: Int?
            while headerEnd == nil {
                if let r = buffer.firstRange(of: separator) {
                    headerEnd = r.lowerBound
                    break
                }
                let n = recv(fd, &chunk, chunk.count, 0)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            let head = String(decoding: buffer[..<headerEnd!], as: UTF8.self)
            buffer.removeSubrange(..<(headerEnd! + 4))
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ")
            guard requestLine.count >= 2 else { return }
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            if headers["expect"]?.lowercased() == "100-continue" { write(fd, "HTTP/1.1 100 Continue\r\n\r\n") }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            while buffer.count < length {
                let n = recv(fd, &chunk, chunk.count, 0)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            let body = String(decoding: buffer[..<length], as: UTF8.self)
            buffer.removeSubrange(..<length)
            lock.lock()
            requests.append(Received(at: Date(), method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body))
            let unavailable = requests.count <= unavailableFirst
            let answer = answerBody(requests.count)
            let status = currentStatus
            lock.broadcast()
            lock.unlock()
            if unavailable {
                let retryAfter = retryAfterSeconds.map { "Retry-After: \($0)\r\n" } ?? ""
                write(fd, "HTTP/1.1 503 Service Unavailable\r\n\(retryAfter)Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                continue
            }
            write(
                fd,
                "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Error")\r\nContent-Type: application/json\r\nContent-Length: \(answer.utf8.count)\r\n\r\n\(answer)"
            )
        }
    }

    private func write(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}
