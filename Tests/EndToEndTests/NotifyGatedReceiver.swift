import Foundation
import PermanenceTesting

#if canImport(Glibc)
    import Glibc
#endif

/// A webhook receiver for end-to-end tests (Python `http.server` on 127.0.0.1, port 0) that
/// verifies every delivery with the reference `standardwebhooks` package, timestamps included.
///
/// While its gate is closed it notes each request and then holds it unanswered; `openGate()`
/// answers the held ones and every later one with 200. The object is used by one test; its
/// mutable state is touched only under `condition`'s lock.
final class NotifyGatedReceiver: @unchecked Sendable {
    struct Record {
        let webhookID: String
        let verified: Bool
        let error: String?
    }

    let port: Int
    private let process = Process()
    private let input = Pipe()
    private let condition = NSCondition()
    private var received: [Record] = []

    init(secret: String) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-c", Self.script, secret]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice // never the test runner's own output
        try process.run()
        let fd = output.fileHandleForReading.fileDescriptor
        let ready = OutputLine.read(fd, within: 60) ?? ""
        let parts = ready.split(separator: " ")
        guard parts.count == 2, parts[0] == "READY", let port = Int(parts[1]) else {
            process.terminate()
            throw HarnessError("receiver did not start; it needs python3 and `pip install standardwebhooks`: \(ready)")
        }
        self.port = port
        let thread = Thread { [output, weak self] in
            let fd = output.fileHandleForReading.fileDescriptor
            while let line = OutputLine.read(fd) {
                guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
                let record = Record(webhookID: o["id"] as? String ?? "", verified: o["verified"] as? Bool ?? false, error: o["error"] as? String)
                guard let self else { return }
                self.condition.lock()
                self.received.append(record)
                self.condition.broadcast()
                self.condition.unlock()
            }
        }
        thread.start()
    }

    var records: [Record] {
        condition.lock()
        defer { condition.unlock() }
        return received
    }

    /// Blocks until `done(records)` holds, or `seconds` pass (then throws).
    @discardableResult
    func wait(seconds: Double, until done: ([Record]) -> Bool) throws -> [Record] {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while !done(received) {
            if !condition.wait(until: deadline) {
                throw HarnessError("receiver: condition not met after \(seconds) s (\(received.count) requests)")
            }
        }
        return received
    }

    func openGate() { input.fileHandleForWriting.write(Data("open\n".utf8)) }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate(within: 10)
    }

    deinit { stop() }

    static let script = #"""
        import http.server, json, sys, threading, os
        from standardwebhooks.webhooks import Webhook

        verifier = Webhook(sys.argv[1])
        gate = threading.Event()
        lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    verifier.verify(body, headers, json_parse=False)
                    verified, error = True, None
                except Exception as e:
                    verified, error = False, str(e)
                with lock:
                    sys.stdout.write(json.dumps({"id": headers.get("webhook-id"), "verified": verified, "error": error}) + "\n")
                    sys.stdout.flush()
                gate.wait()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        def control():
            for line in sys.stdin:
                if line.strip() == "open":
                    gate.set()
            os._exit(0)

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.request_queue_size = 256
        threading.Thread(target=control, daemon=True).start()
        print("READY", server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
