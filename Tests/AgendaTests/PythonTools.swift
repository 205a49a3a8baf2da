import Foundation
import PermanenceTesting

#if canImport(Glibc)
    import Glibc
#endif

/// Runs Python 3 snippets for tests that check our output with real third-party clients.
enum Python {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// `python3` as found on PATH (a virtualenv or pyenv first), through /usr/bin/env.
    static func process(_ arguments: [String]) -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + arguments
        return p
    }

    /// Fails with a clear message when a PyPI package is missing.
    static func require(_ module: String) throws {
        guard try ChildProcess.run("python3", ["-c", "import \(module)"]).status == 0 else {
            throw Failure(description: "the Python package '\(module)' is missing: install it with `pip install \(module)` (scripts/setup does)")
        }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("agenda-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `script` with `arguments`; returns stdout, throws with stderr on a non-zero exit.
    static func run(_ script: String, arguments: [String] = []) throws -> String {
        let out = try ChildProcess.run("python3", ["-c", script] + arguments)
        guard out.status == 0 else { throw Failure(description: "python failed (\(out.status)): \(out.stderr)") }
        return out.stdout
    }

    /// A free TCP port on 127.0.0.1 (bound to port 0, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, TestSocket.stream, 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { ptr in
            ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { throw Failure(description: "cannot bind a free port") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// True once something accepts connections on 127.0.0.1:port.
    static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, TestSocket.stream, 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) { ptr in
            ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// A Radicale CalDAV server on 127.0.0.1, no authentication, storage in a temporary folder.
final class RadicaleServer {
    let process: Process
    let port: Int

    init(storage: URL) throws {
        port = try Python.freePort()
        process = Python.process([
            "-m", "radicale", "--server-hosts", "127.0.0.1:\(port)", "--auth-type", "none",
            "--storage-filesystem-folder", storage.path, "--rights-type", "owner_only"
        ])
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !Python.isListening(port) {
            guard Date() < deadline, process.isRunning else {
                stop()
                throw Python.Failure(description: "Radicale did not start on \(port)")
            }
            usleep(50_000)
        }
    }

    /// SIGKILL: a child spawned from a test thread may inherit a mask that blocks SIGTERM.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            _ = process.waitUntilExit(within: 30)
        }
    }
}
