import Foundation
import JSONRPC
import PermanenceTesting

#if canImport(Glibc)
    import Glibc
#endif

/// A `permanence serve --tcp 127.0.0.1:0` process started by a test, on its own temporary database.
///
/// Waits until the server prints the port it listens on; `stop()` sends SIGTERM and waits.
/// The object is used from one test at a time; its mutable state is touched only under `lock`.
final class ServerProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    let directory: URL
    let dbPath: String
    let configPath: String?
    private let lock = NSCondition()
    private var stderrText = ""

    /// Starts a server. `config` is YAML text (default: the example practice); `clock` an RFC 3339 instant
    /// for a manual clock; `database` one a command already wrote (default: a new one, see `TestDatabase`).
    static func tcp(
        config: String? = nil, clock: String? = nil, extraArgs: [String] = [], directory: URL? = nil, database: String? = nil
    ) throws -> ServerProcess {
        let dir = try directory ?? Executable.temporaryDirectory()
        let db = try database ?? TestDatabase.location(file: dir.appendingPathComponent("permanence.sqlite"))
        var args = ["serve", "--tcp", "127.0.0.1:0", "--db", db]
        var configPath: String? = nil
        if let config {
            let path = dir.appendingPathComponent("config.yaml").path
            try config.write(toFile: path, atomically: true, encoding: .utf8)
            args += ["--config", path]
            configPath = path
        }
        if let clock { args += ["--clock", clock] }
        args += extraArgs
        return try ServerProcess(arguments: args, directory: dir, dbPath: db, configPath: configPath)
    }

    /// Starts the same database and configuration again (after a kill).
    func restart(clock: String? = nil, extraArgs: [String] = []) throws -> ServerProcess {
        var args = ["serve", "--tcp", "127.0.0.1:0", "--db", dbPath]
        if let configPath { args += ["--config", configPath] }
        if let clock { args += ["--clock", clock] }
        return try ServerProcess(arguments: args + extraArgs, directory: directory, dbPath: dbPath, configPath: configPath)
    }

    private init(arguments: [String], directory: URL, dbPath: String, configPath: String?) throws {
        self.directory = directory
        self.dbPath = dbPath
        self.configPath = configPath
        let p = Process()
        p.executableURL = Executable.url
        p.arguments = arguments
        let errPipe = Pipe()
        p.standardError = errPipe
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        p.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try p.run()
        process = p
        // Read stderr until the "listening on" line, at most 60 s.
        let fd = errPipe.fileHandleForReading.fileDescriptor
        var buffer = ""
        var found: Int? = nil
        let deadline = Date().addingTimeInterval(60)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while found == nil && Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 1000)
            if ready <= 0 {
                if !p.isRunning { break }
                continue
            }
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            buffer += String(decoding: chunk[0..<n], as: UTF8.self)
            if let r = buffer.range(of: #"listening on [^\s]+:([0-9]+)"#, options: .regularExpression) {
                let text = buffer[r]
                found = Int(text.split(separator: ":").last!)
            }
        }
        guard let port = found else {
            p.terminate()
            throw HarnessError("server did not start: \(buffer)")
        }
        self.port = port
        stderrText = buffer
        // Keep draining stderr so the server never blocks on a full pipe.
        let thread = Thread { [weak self] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return }
                let s = String(decoding: chunk[0..<n], as: UTF8.self)
                guard let self else { continue }
                self.lock.lock()
                self.stderrText += s
                self.lock.broadcast()
                self.lock.unlock()
            }
        }
        thread.start()
    }

    /// What the server wrote on stderr so far.
    var log: String {
        lock.lock()
        defer { lock.unlock() }
        return stderrText
    }

    /// Waits (at most `seconds`) until stderr has a line containing `text`; returns that line.
    func waitForLog(containing text: String, seconds: Double = 20) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let line = stderrText.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            if !lock.wait(until: deadline) { break }
        }
        throw HarnessError("no stderr line containing \"\(text)\" within \(seconds) s; stderr: \(stderrText)")
    }

    /// Creates a token with `permanence token create` on this server's database.
    func token(role: String, name: String) throws -> String {
        let out = try Executable.run(["token", "create", "--role", role, "--name", name, "--db", dbPath])
        guard out.status == 0 else { throw HarnessError("token create failed: \(out.stderr)") }
        return out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A new connection (not initialized).
    func connect() throws -> LineClient { try LineClient(port: port) }

    /// A connection initialized with a fresh token of `role`.
    func client(role: String = "admin") throws -> LineClient {
        let c = try connect()
        let t = try token(role: role, name: "\(role)-\(UUID().uuidString.prefix(8))")
        let r = try c.call("initialize", ["clientInfo": ["name": "e2e"], "token": .string(t)])
        guard r["error"] == nil else { throw HarnessError("initialize failed: \(r)") }
        return c
    }

    /// Waits until the kernel holds no unread bytes for the server's side of its connections (the
    /// server has read everything its clients sent): what is measured or stopped next has seen it.
    func waitUntilEverythingSentIsRead(seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        let local = String(format: ":%04X", port)
        while true {
            let table = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
            let unread = table.split(separator: "\n").dropFirst().reduce(0) { sum, row in
                let cols = row.split(separator: " ", omittingEmptySubsequences: true)
                // local_address rem_address st tx_queue:rx_queue; established connections on the server's port.
                guard cols.count > 4, cols[1].hasSuffix(local), cols[3] == "01" else { return sum }
                return sum + (Int(cols[4].split(separator: ":").last ?? "", radix: 16) ?? 0)
            }
            if unread == 0 { return }
            if Date() > deadline { throw HarnessError("the server left \(unread) bytes unread for \(seconds) s") }
            // Checked again every 20 ms until the deadline.
            _ = poll(nil, 0, 20)
        }
    }

    /// Waits until the server's clients hold at least `bytes` of replies they have not read (the
    /// receive queues of connections to the server's port), or throws after `seconds`.
    func waitUntilClientsHaveUnread(atLeast bytes: Int, seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        let remote = String(format: ":%04X", port)
        while true {
            let table = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
            let unread = table.split(separator: "\n").dropFirst().reduce(0) { sum, row in
                let cols = row.split(separator: " ", omittingEmptySubsequences: true)
                guard cols.count > 4, cols[2].hasSuffix(remote), cols[3] == "01" else { return sum }
                return sum + (Int(cols[4].split(separator: ":").last ?? "", radix: 16) ?? 0)
            }
            if unread >= bytes { return }
            if Date() > deadline { throw HarnessError("the clients hold \(unread) unread bytes after \(seconds) s, not \(bytes)") }
            _ = poll(nil, 0, 20)
        }
    }

    func kill(signal: Int32 = SIGKILL) {
        Glibc.kill(process.processIdentifier, signal)
        _ = process.waitUntilExit(within: 30)
    }

    /// SIGTERM, then at most 30 s for the graceful exit (SIGKILL after that).
    func stop() {
        process.terminate(within: 30)
    }

    deinit { if process.isRunning { process.terminate() } }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
