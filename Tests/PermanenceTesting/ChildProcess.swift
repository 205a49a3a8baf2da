package import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs another program for a test and always comes back: its standard input is a file (or
/// /dev/null), never the test runner's own; its output goes to files, so it can never block on a full
/// pipe; and a program still running at its deadline is killed and reported, not waited for.
package enum ChildProcess {
    package struct Output: Sendable {
        package let status: Int32
        package let stdoutData: Data
        package let stderr: String
        package var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    }

    /// A program that did not finish within its deadline (it was killed).
    package struct TimedOut: Error, CustomStringConvertible {
        package let command: String
        package let seconds: Double
        package let stderr: String
        package var description: String { "\(command) did not finish within \(seconds) s and was killed; stderr: \(stderr)" }
    }

    /// Runs `executable` (a path, or a name looked up on PATH) with `arguments` to completion.
    /// - Parameters:
    ///   - stdin: bytes given on standard input (nil: /dev/null).
    ///   - seconds: the deadline; past it the program is killed and `TimedOut` thrown.
    package static func run(
        _ executable: String, _ arguments: [String], stdin: Data? = nil,
        environment: [String: String]? = nil, seconds: Double = 120
    ) throws -> Output {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = dir.appendingPathComponent("stdin")
        let outURL = dir.appendingPathComponent("stdout")
        let errURL = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: inURL.path, contents: stdin ?? Data())
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let p = Process()
        if executable.contains("/") {
            p.executableURL = URL(fileURLWithPath: executable)
            p.arguments = arguments
        } else {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [executable] + arguments
        }
        if let environment { p.environment = environment }
        let input = try FileHandle(forReadingFrom: inURL)
        let output = try FileHandle(forWritingTo: outURL)
        let errors = try FileHandle(forWritingTo: errURL)
        defer {
            try? input.close()
            try? output.close()
            try? errors.close()
        }
        p.standardInput = input
        p.standardOutput = output
        p.standardError = errors
        try p.run()
        let finished = p.waitUntilExit(within: seconds)
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        guard finished else {
            throw TimedOut(command: ([executable] + arguments.prefix(3)).joined(separator: " "), seconds: seconds, stderr: err)
        }
        return Output(status: p.terminationStatus, stdoutData: (try? Data(contentsOf: outURL)) ?? Data(), stderr: err)
    }
}

extension Process {
    /// Waits at most `seconds` for the process to end; if it has not, kills it (SIGKILL), reaps it and
    /// returns false. Checks every 10 ms: a harness wait, not a test's clock.
    package func waitUntilExit(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning {
            if Date() >= deadline {
                kill(processIdentifier, SIGKILL)
                waitUntilExit()
                return false
            }
            _ = poll(nil, 0, 10)
        }
        waitUntilExit()
        return true
    }

    /// SIGTERM, then at most `seconds` for a graceful exit; SIGKILL after that. True when it ended on
    /// its own after SIGTERM.
    @discardableResult
    package func terminate(within seconds: Double) -> Bool {
        guard isRunning else { return true }
        terminate()
        return waitUntilExit(within: seconds)
    }
}

/// Socket types for test clients and servers: close-on-exec, so that a program another test starts at
/// the same moment never holds a copy of this test's connection open.
package enum TestSocket {
    package static let stream = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)

    /// `accept` on `listener`, the new connection marked close-on-exec.
    package static func accept(_ listener: Int32) -> Int32 {
        let fd = Glibc.accept(listener, nil, nil)
        if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fd
    }
}

/// Lines a helper program prints, read from its output descriptor.
package enum OutputLine {
    /// The next line on `descriptor` (without its newline); nil at end of output, or when nothing
    /// completes a line within `seconds` (nil: wait as long as the program runs).
    package static func read(_ descriptor: Int32, within seconds: Double? = nil) -> String? {
        let deadline = seconds.map { Date().addingTimeInterval($0) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 { return nil }
                var pfd = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&pfd, 1, Int32(min(left * 1000 + 1, 60_000)))
                if ready == 0 || (ready < 0 && errno == EINTR) { continue }
                if ready < 0 { return nil }
            }
            guard Glibc.read(descriptor, &byte, 1) == 1 else { break }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}
