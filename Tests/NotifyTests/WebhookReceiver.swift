import Foundation
import PermanenceTesting
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A real HTTP receiver on 127.0.0.1 (Python `http.server`, port 0), started by a test.
///
/// It verifies every webhook delivery with the reference `standardwebhooks` package (PyPI) — an
/// implementation that is not ours — against the secrets given, and answers by path:
/// `/p/500,500,200/x` answers 500, 500, then 200 for every later request to that path
/// (`429~2` adds `Retry-After: 2`); `/slow/100/x` answers 200 after 100 ms; anything else 200.
/// One JSON record per request is printed on stdout and collected by a reader thread.
final class WebhookReceiver: Sendable {
    struct Record: Sendable {
        let path: String
        let method: String
        let headers: [String: String]
        let body: String
        /// The reference implementation accepted the signature (nil when the request had no webhook headers).
        let verified: Bool?
        let verifyError: String?
        /// Requests being answered at the same time, this one included.
        let concurrent: Int
        let receivedAt: Double
    }

    let port: Int
    let implementation: String
    var baseURL: String { "http://127.0.0.1:\(port)" }
    private let process: Process
    private let input: Pipe
    private let log = RecordLog()

    /// - Parameters:
    ///   - secrets: `whsec_…` secrets to verify with; a delivery is verified when one matches.
    ///   - lenientTimestamps: skip the ±5 min timestamp check (tests with a manual clock in the past).
    init(secrets: [String], lenientTimestamps: Bool = true) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-c", Self.script, secrets.joined(separator: " "), lenientTimestamps ? "lenient" : "strict"]
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice // never the test runner's own output
        try process.run()
        let fd = output.fileHandleForReading.fileDescriptor
        let ready = OutputLine.read(fd, within: 60) ?? ""
        let parts = ready.split(separator: " ")
        guard parts.count == 3, parts[0] == "READY", let port = Int(parts[1]) else {
            process.terminate()
            throw ReceiverError(message: "receiver did not start (is python3 installed? `pip install standardwebhooks`): \(ready)")
        }
        guard parts[2] == "standardwebhooks" else {
            process.terminate()
            throw ReceiverError(message: "the Python package standardwebhooks is missing: pip install standardwebhooks")
        }
        self.port = port
        implementation = String(parts[2])
        let log = self.log
        // The thread owns the pipe: its descriptor cannot be closed (and reused by another
        // receiver's pipe) while the thread still reads it.
        let thread = Thread { [output] in
            let fd = output.fileHandleForReading.fileDescriptor
            while let line = OutputLine.read(fd) {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
                log.append(
                    Record(
                        path: object["path"] as? String ?? "", method: object["method"] as? String ?? "",
                        headers: object["headers"] as? [String: String] ?? [:], body: object["body"] as? String ?? "",
                        verified: object["verified"] as? Bool, verifyError: object["error"] as? String,
                        concurrent: object["concurrent"] as? Int ?? 1, receivedAt: object["t"] as? Double ?? 0))
            }
            log.close()
        }
        thread.start()
    }

    var records: [Record] { log.records }

    /// Waits until at least `count` requests have been received (fails after `timeout` of real time).
    @discardableResult
    func waitFor(_ count: Int, timeout: Duration = .seconds(30)) async throws -> [Record] {
        let log = self.log
        let token = UUID()
        let arrived: Bool = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await log.wait(count, token: token)
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            if !first { log.release(token) }
            return first
        }
        let got = records
        guard arrived, got.count >= count else {
            throw ReceiverError(message: "expected \(count) requests, received \(got.count)")
        }
        return got
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate(within: 10)
    }

    deinit { stop() }

    struct ReceiverError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// A port on 127.0.0.1 where nothing listens (bound, then closed).
    static func closedPort() -> Int { LoopbackHTTPServer.closedPort() }

    static let script = #"""
        import http.server, json, sys, threading, os, time
        from datetime import datetime, timezone
        try:
            from standardwebhooks.webhooks import Webhook, WebhookVerificationError
            IMPL = "standardwebhooks"
        except ImportError:
            Webhook = None
            IMPL = "missing"

        SECRETS = [s for s in sys.argv[1].split(" ") if s]
        LENIENT = sys.argv[2] == "lenient"

        if Webhook is not None:
            class LenientWebhook(Webhook):
                # The reference check, minus the ±5 min window (tests run on a manual clock).
                def _Webhook__verify_timestamp(self, header):
                    return datetime.fromtimestamp(float(header), tz=timezone.utc)
            VERIFIERS = [(LenientWebhook if LENIENT else Webhook)(s) for s in SECRETS]

        lock = threading.Lock()
        counters = {}
        active = [0]

        def verify(body, headers):
            if "webhook-id" not in headers:
                return None, None
            error = None
            for v in VERIFIERS:
                try:
                    v.verify(body, headers, json_parse=False)
                    return True, None
                except Exception as e:
                    error = str(e)
            return False, error or "no secret"

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def answer(self):
                with lock:
                    active[0] += 1
                    concurrent = active[0]
                try:
                    length = int(self.headers.get("Content-Length") or 0)
                    body = self.rfile.read(length) if length else b""
                    headers = {k.lower(): v for k, v in self.headers.items()}
                    verified, error = verify(body, headers)
                    path = self.path.split("?")[0]
                    parts = path.split("/")
                    code, retry_after, delay = 200, None, 0
                    if len(parts) > 2 and parts[1] == "p":
                        plan = parts[2].split(",")
                        with lock:
                            n = counters.get(path, 0)
                            counters[path] = n + 1
                        step = plan[min(n, len(plan) - 1)]
                        if "~" in step:
                            step, retry_after = step.split("~")
                        code = int(step)
                    elif len(parts) > 2 and parts[1] == "slow":
                        delay = int(parts[2]) / 1000.0
                    if delay:
                        time.sleep(delay)
                    record = {"method": self.command, "path": self.path, "headers": headers,
                              "body": body.decode("utf-8", "replace"), "verified": verified, "error": error,
                              "concurrent": concurrent, "t": time.time()}
                    with lock:  # one whole line at a time: concurrent handlers must not interleave
                        sys.stdout.write(json.dumps(record) + "\n")
                        sys.stdout.flush()
                    payload = b'{"ok": true}' if code < 300 else b'{"error": "planned"}'
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    if retry_after is not None:
                        self.send_header("Retry-After", retry_after)
                    self.end_headers()
                    self.wfile.write(payload)
                finally:
                    with lock:
                        active[0] -= 1
            do_GET = do_POST = do_PUT = do_PATCH = answer

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.request_queue_size = 128
        def exit_on_eof():
            sys.stdin.read()
            os._exit(0)
        threading.Thread(target=exit_on_eof, daemon=True).start()
        print("READY", server.server_address[1], IMPL, flush=True)
        server.serve_forever()
        """#
}

/// The receiver's records, filled by its reader thread; waiters resume once enough have arrived.
final class RecordLog: Sendable {
    private let state = Mutex<(records: [WebhookReceiver.Record], waiters: [UUID: (Int, CheckedContinuation<Void, Never>)], closed: Bool)>(([], [:], false))

    var records: [WebhookReceiver.Record] { state.withLock { $0.records } }

    func append(_ record: WebhookReceiver.Record) {
        let due = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.records.append(record)
            let ready = s.waiters.filter { $0.value.0 <= s.records.count }
            for k in ready.keys { s.waiters[k] = nil }
            return ready.values.map(\.1)
        }
        for c in due { c.resume() }
    }

    func close() {
        let rest = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.closed = true
            defer { s.waiters = [:] }
            return s.waiters.values.map(\.1)
        }
        for c in rest { c.resume() }
    }

    func wait(_ count: Int, token: UUID) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.records.count >= count || s.closed { return true }
                s.waiters[token] = (count, c)
                return false
            }
            if now { c.resume() }
        }
    }

    func release(_ token: UUID) {
        state.withLock { $0.waiters.removeValue(forKey: token) }?.1.resume()
    }
}
