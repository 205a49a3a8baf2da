import Foundation

/// Runs `python3 -c SCRIPT ARGS…` to completion, for checks with a client that is not ours.
enum PythonScript {
    struct Output { let status: Int32; let stdout: String; let stderr: String }

    static func run(_ script: String, arguments: [String] = []) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try p.run()
        // Read stderr on the side so that neither pipe can fill up and block the script.
        let errors = ErrorsReader(err.fileHandleForReading)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: errors.text())
    }

    private final class ErrorsReader: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var data = Data()  // written once by the reader thread, read after `done`
        init(_ handle: FileHandle) {
            Thread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }.start()
        }
        func text() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
