import Foundation
import PermanenceTesting

#if canImport(Glibc)
    import Glibc
#endif

/// A Python `http.server` on 127.0.0.1 and a free port, started for one test.
///
/// Routes: `/status/N` answers N (429 adds `Retry-After: 7`), `/redirect` answers 302 to
/// `/status/200`, `/hang` never answers. Every answer's body is a JSON record of the request
/// (method, path, headers, body), and the same record is printed as one line on stdout before
/// answering, so a test can wait for the server to have received a request.
final class LoopbackHTTPServer {
    let port: Int
    private let process: Process
    private let input: Pipe
    private let output: Pipe

    var baseURL: String { "http://127.0.0.1:\(port)" }

    init() throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-c", Self.script]
        input = Pipe()
        output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice // never the test runner's own output
        try process.run()
        let ready = OutputLine.read(output.fileHandleForReading.fileDescriptor, within: 60) ?? ""
        guard ready.hasPrefix("READY "), let port = Int(ready.dropFirst(6)) else {
            process.terminate()
            throw ServerError(message: "server did not start: \(ready)")
        }
        self.port = port
    }

    /// The record of the server's next request (at most 120 s: a loaded machine is slow, not stuck). The wait happens on a thread of its
    /// own: a test's task must never block a thread of the pool the request it waits for runs on.
    func nextRecord() async throws -> [String: Any] {
        let fd = output.fileHandleForReading.fileDescriptor
        let line: String? = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: OutputLine.read(fd, within: 120)) }.start()
        }
        guard let line, let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw ServerError(message: "no record")
        }
        return record
    }

    func stop() {
        try? input.fileHandleForWriting.close() // the server exits on end of stdin too
        process.terminate(within: 10)
    }

    deinit { if process.isRunning { stop() } }

    struct ServerError: Error { var message: String }

    /// A port on 127.0.0.1 on which nothing listens (bound then closed at once).
    static func closedPort() -> Int {
        let fd = socket(AF_INET, TestSocket.stream, 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static let script = #"""
        import http.server, json, sys, threading, os

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                record = {"method": self.command, "path": self.path,
                          "headers": {k.lower(): v for k, v in self.headers.items()},
                          "body": body.decode("utf-8", "replace")}
                print(json.dumps(record), flush=True)
                path = self.path.split("?")[0]
                if path == "/hang":
                    threading.Event().wait(60)
                    return
                if path.startswith("/status/"):
                    code = int(path.split("/")[2])
                elif path == "/redirect":
                    code = 302
                else:
                    code = 404
                payload = json.dumps(record).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("X-Echo-Method", self.command)
                if code == 429:
                    self.send_header("Retry-After", "7")
                if code == 302:
                    self.send_header("Location", "/status/200")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = answer

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True

        def exit_on_eof():
            sys.stdin.read()
            os._exit(0)

        threading.Thread(target=exit_on_eof, daemon=True).start()
        print("READY", server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
