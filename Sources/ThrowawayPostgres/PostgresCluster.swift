package import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A PostgreSQL server of its own, for a test suite or a benchmark: `initdb` in a fresh temporary
/// directory (trust authentication, superuser `permanence`), started by `pg_ctl` on 127.0.0.1 and a
/// free port (a random one, another if it was taken) with its socket inside that directory; `stop`
/// kills it (`-m immediate`) and removes the directory.
///
/// The binaries are found with `pg_config --bindir`, else in `/usr/lib/postgresql/*/bin` (Debian's
/// `postgresql` package; `scripts/setup` installs it). PostgreSQL refuses to run as root: as root,
/// `initdb` and `pg_ctl` run as the `postgres` user that package creates (through `runuser`), and the
/// directory is handed to it. Every program runs under `timeout`, and `pg_ctl` waits for the server
/// to accept connections within its own bound (`-w -t`), so a start that hangs fails instead.
/// Programs are awaited without holding a thread of the task pool.
package final class PostgresCluster: Sendable {
    /// The superuser the cluster trusts.
    package static let superuser = "permanence"

    package let directory: URL
    package let port: Int
    private let binaries: String
    private let runAs: String?
    private let state = Mutex<(stopped: Bool, databases: Int)>((false, 0))

    /// A step that failed, with what the program printed.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// Creates and starts a cluster. `durable: false` turns off fsync and full-page writes (tests);
    /// `true` keeps PostgreSQL's defaults (benchmarks).
    package static func start(durable: Bool = false) async throws -> PostgresCluster {
        let binaries = try await findBinaries()
        let runAs = geteuid() == 0 ? "postgres" : nil
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("permanence-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            if let runAs {
                guard let account = getpwnam(runAs) else {
                    throw Failure(description: "running as root, PostgreSQL needs the \(runAs) user, which Debian's postgresql package creates")
                }
                try FileManager.default.setAttributes(
                    [.ownerAccountID: account.pointee.pw_uid, .groupOwnerAccountID: account.pointee.pw_gid], ofItemAtPath: directory.path)
            }
            let data = directory.appendingPathComponent("data").path
            try await run(
                binaries + "/initdb", ["-D", data, "-U", superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], as: runAs,
                in: directory, seconds: 120)
            var settings = ["listen_addresses=127.0.0.1", "unix_socket_directories=\(directory.path)", "max_connections=200"]
            if !durable { settings += ["fsync=off", "full_page_writes=off"] }
            var attempt = 0
            while true {
                attempt += 1
                // A port below Linux's ephemeral range, so that no outgoing connection holds it.
                let port = Int.random(in: 10_000..<32_000)
                let options = (settings + ["port=\(port)"]).map { "-c \($0)" }.joined(separator: " ")
                do {
                    try await run(
                        binaries + "/pg_ctl",
                        ["start", "-D", data, "-l", directory.appendingPathComponent("server.log").path, "-w", "-t", "60", "-o", options],
                        as: runAs, in: directory, seconds: 90)
                    return PostgresCluster(directory: directory, port: port, binaries: binaries, runAs: runAs)
                } catch {
                    // The port was taken: another one.
                    if attempt == 5 { throw error }
                }
            }
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    private init(directory: URL, port: Int, binaries: String, runAs: String?) {
        self.directory = directory
        self.port = port
        self.binaries = binaries
        self.runAs = runAs
    }

    /// Creates an empty database and returns its URL.
    package func makeDatabase() async throws -> String {
        let name = state.withLock { state in
            state.databases += 1
            return "db\(state.databases)"
        }
        try await Self.run(binaries + "/createdb", ["-h", "127.0.0.1", "-p", "\(port)", "-U", Self.superuser, name], in: directory, seconds: 60)
        return "postgres://\(Self.superuser)@127.0.0.1:\(port)/\(name)?sslmode=disable"
    }

    /// Stops the server at once and removes its directory. Later calls do nothing.
    package func stop() async {
        let stopped = state.withLock { state in
            defer { state.stopped = true }
            return state.stopped
        }
        guard !stopped else { return }
        let data = directory.appendingPathComponent("data").path
        _ = try? await Self.run(binaries + "/pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w", "-t", "30"], as: runAs, in: directory, seconds: 45)
        try? FileManager.default.removeItem(at: directory)
    }

    /// `pg_config --bindir` if it holds `initdb`, else the newest `/usr/lib/postgresql/N/bin` that does.
    private static func findBinaries() async throws -> String {
        var candidates: [String] = []
        if let bindir = try? await run("pg_config", ["--bindir"], in: FileManager.default.temporaryDirectory, seconds: 10) {
            candidates.append(bindir.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }) else {
            throw Failure(
                description:
                    "PostgreSQL's initdb was not found (pg_config --bindir, /usr/lib/postgresql/*/bin): install Debian's postgresql package (scripts/setup does)"
            )
        }
        return found
    }

    /// Runs `tool` to completion within `seconds` (as `user` when given) and returns what it printed
    /// (kept in a file meanwhile, never a pipe); throws with the end of that when it fails.
    ///
    /// Spawned by hand rather than with `Process`: `pg_ctl start` leaves the server running, and a
    /// server that inherited any descriptor of this process (`Process`'s own exit watch among them)
    /// would hold it open for its whole life. Here the child gets /dev/null, the log, and nothing else;
    /// its exit is awaited by a thread of its own, not the task pool.
    @discardableResult
    private static func run(_ tool: String, _ arguments: [String], as user: String? = nil, in directory: URL, seconds: Int) async throws -> String {
        let log = directory.appendingPathComponent("\((tool as NSString).lastPathComponent)-\(UUID().uuidString.prefix(8)).log")
        let output = open(log.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw Failure(description: "\(log.path): errno \(errno)") }
        defer {
            close(output)
            try? FileManager.default.removeItem(at: log)
        }
        let argv =
            ["/usr/bin/env", "-C", directory.path, "timeout", "--kill-after=5", "\(seconds)"] + (user.map { ["runuser", "-u", $0, "--"] } ?? [])
            + [tool] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        closeTheRest(&actions)
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw Failure(description: "\(argv[0]): posix_spawn failed, errno \(spawned)") }
        let child = pid
        let status = await withCheckedContinuation { (exited: CheckedContinuation<Int32, Never>) in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) < 0 && errno == EINTR {}
                exited.resume(returning: status)
            }
        }
        let printed = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        // Exited normally (no signal) with status 0.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + status & 0x7f
            let why = code == 124 ? "did not finish within \(seconds) s" : "exit \(code)"
            throw Failure(description: "\((tool as NSString).lastPathComponent) \(arguments.first ?? "") failed (\(why)): \(printed.suffix(2000))")
        }
        return printed
    }

    /// Adds to `actions` the closing of every descriptor from 3 up: glibc's `closefrom` action (2.34),
    /// which the C headers as Swift imports them do not show; else each descriptor open now.
    private static func closeTheRest(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }
}
