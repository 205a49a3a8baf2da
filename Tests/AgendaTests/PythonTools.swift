import Foundation
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
        let p = process(["-c", "import \(module)"])
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
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
        let p = process(["-c", script] + arguments)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "python failed (\(p.terminationStatus)): \(String(decoding: errors, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A free TCP port on 127.0.0.1 (bound to port 0, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
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
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
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
        process = Python.process(["-m", "radicale", "--server-hosts", "127.0.0.1:\(port)", "--auth-type", "none",
                             "--storage-filesystem-folder", storage.path, "--rights-type", "owner_only"])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !Python.isListening(port) {
            guard Date() < deadline, process.isRunning else { stop(); throw Python.Failure(description: "Radicale did not start on \(port)") }
            usleep(50_000)
        }
    }

    /// SIGKILL: a child spawned from a test thread may inherit a mask that blocks SIGTERM.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }
}
