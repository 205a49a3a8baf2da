import Foundation
import JSONRPC
import PermanenceTesting

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking newline-delimited JSON-RPC client over TCP, for end-to-end tests.
///
/// Reads and writes time out (default 30 s) so a broken server fails the test instead of hanging it.
/// Server notifications met while waiting for a reply are kept in `notifications`.
final class LineClient: @unchecked Sendable {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var nextID = 1
    private(set) var notifications: [JSONValue] = []

    init(port: Int, host: String = "127.0.0.1", timeoutSeconds: Int = 30) throws {
        fd = socket(AF_INET, TestSocket.stream, 0)
        guard fd >= 0 else { throw HarnessError("socket() failed") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            Glibc.close(fd)
            throw HarnessError("connect to \(port) failed: errno \(errno)")
        }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// A client over an already connected socket (the parent's end of a server's stdin/stdout).
    init(connected fd: Int32, timeoutSeconds: Int = 30) {
        self.fd = fd
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    /// Sends raw bytes (a newline is NOT added).
    func sendRaw(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw HarnessError("send failed: errno \(errno)") }
            offset += n
        }
    }

    /// Sends one line.
    func send(_ line: String) throws { try sendRaw(Array((line + "\n").utf8)) }

    /// The next line, or nil at end of stream (or when the server reset the connection).
    func readLine() throws -> String? {
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<nl], as: UTF8.self)
                buffer.removeSubrange(...nl)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n == 0 {
                return buffer.isEmpty
                    ? nil
                    : {
                        defer { buffer = [] }
                        return String(decoding: buffer, as: UTF8.self)
                    }()
            }
            if n < 0 && errno == ECONNRESET {
                buffer = []
                return nil
            } // the server closed on us
            if n < 0 { throw HarnessError("read timed out or failed: errno \(errno)") }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// The next line if one arrives within `seconds`, nil if none did; throws at end of stream.
    func readLine(within seconds: Double) throws -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while buffer.firstIndex(of: 0x0A) == nil {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return nil }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(min(left * 1000 + 1, 60_000)))
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 { throw HarnessError("poll failed: errno \(errno)") }
            if ready == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n == 0 || (n < 0 && errno == ECONNRESET) { throw HarnessError("connection closed") }
            if n < 0 { throw HarnessError("read failed: errno \(errno)") }
            buffer.append(contentsOf: chunk[0..<n])
        }
        return try readLine()
    }

    /// The next JSON value.
    func readJSON() throws -> JSONValue {
        guard let line = try readLine() else { throw HarnessError("connection closed") }
        return try JSONParser.parse(line)
    }

    /// Sends a request and returns the whole response object; notifications read meanwhile are kept.
    func call(_ method: String, _ params: JSONValue? = nil) throws -> JSONValue {
        let id = nextID
        nextID += 1
        try send(JSONWriter.string(Request(method: method, params: params, id: .int(id)).jsonValue))
        while true {
            let v = try readJSON()
            if v["id"] == .int(id) { return v }
            if v["method"] != nil && v["id"] == nil {
                notifications.append(v)
                continue
            }
            throw HarnessError("unexpected message while waiting for \(id): \(JSONWriter.string(v))")
        }
    }

    /// The `result` of a call, or a thrown error carrying the JSON-RPC error.
    func result(_ method: String, _ params: JSONValue? = nil) throws -> JSONValue {
        let r = try call(method, params)
        if let e = r["error"] { throw HarnessError("\(method) failed: \(JSONWriter.string(e))") }
        return r["result"] ?? .null
    }

    /// Waits for the next server notification of `method` (or any, when nil).
    func nextNotification(_ method: String? = nil) throws -> JSONValue {
        if let i = notifications.firstIndex(where: { method == nil || $0["method"] == .string(method!) }) {
            return notifications.remove(at: i)
        }
        while true {
            let v = try readJSON()
            if v["id"] == nil, v["method"] != nil {
                if method == nil || v["method"] == .string(method!) { return v }
                notifications.append(v)
            }
        }
    }

    /// Half-closes: the server sees end of input but may still answer.
    func halfClose() { shutdown(fd, Int32(SHUT_WR)) }
}
