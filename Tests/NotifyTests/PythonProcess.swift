import Foundation
import PermanenceTesting

#if canImport(Glibc)
    import Glibc
#endif

/// Runs `python3` on a script given as text, for checks against implementations that are not ours.
enum PythonProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(script: String, arguments: [String] = [], stdin: Data = Data()) throws -> Output {
        let out = try ChildProcess.run("python3", ["-c", script] + arguments, stdin: stdin)
        return Output(status: out.status, stdout: out.stdout, stderr: out.stderr)
    }
}
