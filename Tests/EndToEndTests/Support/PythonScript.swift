import Foundation
import PermanenceTesting

/// Runs `python3 -c SCRIPT ARGS…` to completion, for checks with a client that is not ours.
enum PythonScript {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ script: String, arguments: [String] = [], seconds: Double = 120) throws -> Output {
        let out = try ChildProcess.run("python3", ["-c", script] + arguments, seconds: seconds)
        return Output(status: out.status, stdout: out.stdout, stderr: out.stderr)
    }
}
