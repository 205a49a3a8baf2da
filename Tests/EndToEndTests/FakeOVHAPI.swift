import Foundation
import JSONRPC
import PermanenceTesting

/// OVHcloud's SMS API as far as the fetch-back uses it, for end-to-end tests: Python `http.server`
/// on 127.0.0.1 (port 0) serving `GET /1.0/sms/sms-test/incoming/{id}`. It checks every request's
/// signature with its own implementation of OVH's scheme (403 when wrong or the timestamp is more
/// than 5 minutes off the real time), answers the messages it was given (404 for others), or every
/// request with a forced status. Each request is reported, so the test counts them.
///
/// Used by one test; its mutable state is touched only under `condition`'s lock.
final class FakeOVHAPI: @unchecked Sendable {
    struct Record {
        let path: String
        let signed: Bool
    }

    let port: Int
    private let process = Process()
    private let input = Pipe()
    private let condition = NSCondition()
    private var received: [Record] = []
    private var acknowledged = 0
    private var sent = 0

    init(applicationKey: String, applicationSecret: String, consumerKey: String) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-c", Self.script, applicationKey, applicationSecret, consumerKey]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice // never the test runner's own output
        try process.run()
        let ready = OutputLine.read(output.fileHandleForReading.fileDescriptor, within: 60) ?? ""
        let parts = ready.split(separator: " ")
        guard parts.count == 2, parts[0] == "READY", let port = Int(parts[1]) else {
            _ = process.terminate(within: 10)
            throw HarnessError("fake OVH API did not start: \(ready)")
        }
        self.port = port
        let thread = Thread { [output, weak self] in
            let fd = output.fileHandleForReading.fileDescriptor
            while let line = OutputLine.read(fd) {
                guard let o = try? JSONParser.parse(Array(line.utf8)), let self else { continue }
                self.condition.lock()
                if o["ack"] != nil {
                    self.acknowledged += 1
                } else {
                    self.received.append(Record(path: o["path"]?.stringValue ?? "", signed: o["signed"] == .bool(true)))
                }
                self.condition.broadcast()
                self.condition.unlock()
            }
        }
        thread.start()
    }

    /// The requests received so far.
    var requests: [Record] {
        condition.lock()
        defer { condition.unlock() }
        return received
    }

    /// The API knows `message` as `id` from now on.
    func put(_ id: String, _ message: JSONValue) throws { try command(["put": .string(id), "message": message]) }

    /// Every later request is answered `status` (0: back to normal).
    func answerAll(_ status: Int) throws { try command(["status": .int(status)]) }

    /// Sends one command and waits until the API has applied it.
    private func command(_ object: JSONValue) throws {
        condition.lock()
        sent += 1
        let expected = sent
        condition.unlock()
        input.fileHandleForWriting.write(Data((JSONWriter.string(object) + "\n").utf8))
        let deadline = Date().addingTimeInterval(10)
        condition.lock()
        defer { condition.unlock() }
        while acknowledged < expected {
            if !condition.wait(until: deadline) { throw HarnessError("fake OVH API: command not applied within 10 s") }
        }
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        _ = process.terminate(within: 10)
    }

    deinit { stop() }

    static let script = #"""
        import hashlib, http.server, json, os, sys, threading, time

        app_key, app_secret, consumer_key = sys.argv[1:4]
        prefix = "/1.0/sms/sms-test/incoming/"
        messages, forced = {}, [0]
        lock = threading.Lock()

        def expected_signature(method, url, body, timestamp):
            text = "+".join([app_secret, consumer_key, method, url, body, timestamp])
            return "$1$" + hashlib.sha1(text.encode()).hexdigest()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def answer(self, status, obj):
                data = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            def do_GET(self):
                url = "http://127.0.0.1:%d%s" % (self.server.server_address[1], self.path)
                ts = self.headers.get("X-Ovh-Timestamp") or ""
                signed = (self.headers.get("X-Ovh-Application") == app_key
                          and self.headers.get("X-Ovh-Consumer") == consumer_key
                          and ts.isdigit() and abs(int(ts) - time.time()) < 300
                          and self.headers.get("X-Ovh-Signature") == expected_signature("GET", url, "", ts))
                with lock:
                    sys.stdout.write(json.dumps({"path": self.path, "signed": signed}) + "\n")
                    sys.stdout.flush()
                    status = forced[0]
                    message = messages.get(self.path[len(prefix):]) if self.path.startswith(prefix) else None
                if not signed:
                    return self.answer(403, {"message": "Invalid signature"})
                if status:
                    return self.answer(status, {"message": "Internal server error"})
                if message is None:
                    return self.answer(404, {"message": "The requested object does not exist"})
                self.answer(200, message)

        def control():
            for line in sys.stdin:
                command = json.loads(line)
                with lock:
                    if "put" in command:
                        messages[command["put"]] = command["message"]
                    if "status" in command:
                        forced[0] = command["status"]
                    sys.stdout.write(json.dumps({"ack": True}) + "\n")
                    sys.stdout.flush()
            os._exit(0)

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=control, daemon=True).start()
        print("READY", server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
