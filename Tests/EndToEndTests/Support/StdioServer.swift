import Foundation
import PermanenceTesting

#if canImport(Glibc)
    import Glibc
#endif

/// A `permanence serve --stdio` process whose stdin and stdout are one end of a socket pair, so a
/// test talks to it line by line through a `LineClient` on the other end.
final class StdioServer: @unchecked Sendable {
    let process: Process
    let client: LineClient
    let directory: URL

    init(extraArgs: [String] = [], timeoutSeconds: Int = 30) throws {
        directory = try Executable.temporaryDirectory()
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, TestSocket.stream, 0, &fds) == 0 else { throw HarnessError("socketpair failed: errno \(errno)") }
        let p = Process()
        p.executableURL = Executable.url
        p.arguments = ["serve", "--stdio", "--db", try TestDatabase.location(file: directory.appendingPathComponent("db.sqlite"))] + extraArgs
        let child = FileHandle(fileDescriptor: fds[1], closeOnDealloc: false)
        p.standardInput = child
        p.standardOutput = child
        // A file, not a pipe: a server logging a lot must never block on a full pipe.
        let errURL = directory.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        p.standardError = try FileHandle(forWritingTo: errURL)
        do { try p.run() } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        close(fds[1])
        process = p
        client = LineClient(connected: fds[0], timeoutSeconds: timeoutSeconds)
    }

    /// What the server wrote on stderr so far.
    var log: String { (try? String(contentsOf: directory.appendingPathComponent("stderr"), encoding: .utf8)) ?? "" }

    /// Ends the input and waits for the server to finish; SIGTERM if it does not.
    func stop() {
        client.halfClose()
        process.terminate(within: 30)
    }

    deinit { if process.isRunning { process.terminate() } }
}
