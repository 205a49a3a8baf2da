import ArgumentParser
import Foundation
import JSONRPC
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking line client over TCP, initialized with a token; used from one thread at a time.
final class BenchClient {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var id = 0

    init(port: Int, token: String) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw ValidationError("connect failed: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let r = try call("initialize", ["token": .string(token)])
        guard r["error"] == nil else { throw ValidationError("initialize failed: \(r["error"]!)") }
    }

    deinit { close(fd) }

    func call(_ method: String, _ params: JSONValue) throws -> JSONValue {
        try JSONParser.parse(roundTrip(method, params))
    }

    /// Sends one request and returns its reply line, unparsed (pushed events are skipped).
    func roundTrip(_ method: String, _ params: JSONValue) throws -> [UInt8] {
        id += 1
        let line = Array((JSONWriter.string(Request(method: method, params: params, id: .int(id)).jsonValue) + "\n").utf8)
        var off = 0
        while off < line.count {
            let n = line[off...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw ValidationError("send failed") }
            off += n
        }
        var scanned = 0
        while true {
            // memchr, as a client reading large replies would: a byte loop costs microseconds per reply.
            let newline: Int? = buffer.withUnsafeBufferPointer { b in
                guard scanned < b.count, let base = b.baseAddress, let hit = memchr(base + scanned, 0x0A, b.count - scanned) else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            if let nl = newline {
                let reply = Array(buffer[..<nl])
                buffer.removeSubrange(...nl)
                scanned = 0
                // A pushed event has no id; replies start with {"jsonrpc":"2.0","id":
                if !reply.starts(with: Self.replyPrefix) { continue }
                return reply
            }
            scanned = buffer.count
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw ValidationError("connection closed") }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private static let replyPrefix = Array(#"{"jsonrpc":"2.0","id":"#.utf8)

    /// Seconds for one call (until its reply has arrived; parsing it is not timed), and its result;
    /// throws on a JSON-RPC error.
    func time(_ method: String, _ params: JSONValue) throws -> (seconds: Double, result: JSONValue) {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let reply = try roundTrip(method, params)
        let t = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        let r = try JSONParser.parse(reply)
        if let e = r["error"] { throw ValidationError("\(method) failed: \(JSONWriter.string(e))") }
        return (t, r["result"] ?? .null)
    }

    /// A free slot to book, in a practice (nil: the session's only one).
    struct Booking {
        var practiceId: String?
        var practitionerId: String
        var siteId: String
        var start: String
        /// The patient to book for (default: a generated id the bench's patient lookup accepts).
        var patientId: String? = nil
    }

    /// Books every target (practitioner, site, start) with `connections` threads; returns bookings per second.
    static func book(_ targets: [(String, String, String)], port: Int, token: String, connections: Int) throws -> Double {
        try book(targets.map { Booking(practiceId: nil, practitionerId: $0.0, siteId: $0.1, start: $0.2) }, port: port, token: token, connections: connections)
    }

    /// Books every target with `connections` threads; returns bookings per second.
    static func book(_ targets: [Booking], port: Int, token: String, connections: Int) throws -> Double {
        let clients = try (0..<connections).map { _ in try BenchClient(port: port, token: token) }
        let group = DispatchGroup()
        let failures = Mutex<Int>(0)
        let t0 = DispatchTime.now().uptimeNanoseconds
        for (c, client) in clients.enumerated() {
            group.enter()
            let mine = stride(from: c, to: targets.count, by: connections).map { targets[$0] }
            let box = ClientBox(client: client)
            Thread {
                defer { group.leave() }
                for (n, t) in mine.enumerated() {
                    var params: JSONObject = [
                        "practitionerId": .string(t.practitionerId), "siteId": .string(t.siteId), "start": .string(t.start),
                        "appointmentTypeId": "consultation", "patientId": .string(t.patientId ?? "bench-b\(c)-\(n)"), "newPatient": false
                    ]
                    if let practice = t.practiceId { params["practiceId"] = .string(practice) }
                    let r = try? box.client.call("agenda.book", .object(params))
                    if r?["error"] != nil || r == nil { failures.withLock { $0 += 1 } }
                }
            }.start()
        }
        group.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        let failed = failures.withLock { $0 }
        if failed > 0 { print("warning: \(failed) bookings failed") }
        return Double(targets.count - failed) / seconds
    }

    /// Hands one client to one thread; the client is never used by two threads.
    struct ClientBox: @unchecked Sendable { let client: BenchClient }
}
