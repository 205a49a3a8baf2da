import Foundation
import PermanenceTesting

/// Locates and runs the built `permanence` executable.
///
/// `PERMANENCE_BIN` overrides the path; otherwise `.build/debug/permanence` under the package root.
enum Executable {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    static var url: URL {
        if let p = ProcessInfo.processInfo.environment["PERMANENCE_BIN"] { return URL(fileURLWithPath: p) }
        return packageRoot.appendingPathComponent(".build/debug/permanence")
    }

    /// A fresh temporary folder for one test.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("permanence-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `permanence ARGS` to completion; stdin from `stdinFile` (or /dev/null).
    static func run(_ arguments: [String], stdinFile: URL? = nil, stdoutFile: URL? = nil) throws -> Output {
        let p = Process()
        p.executableURL = url
        p.arguments = arguments
        let dir = try temporaryDirectory()
        let outURL = stdoutFile ?? dir.appendingPathComponent("stdout")
        let errURL = dir.appendingPathComponent("stderr")
        // A file that exists is opened as it is: creating it again would replace a device (`/dev/null`, as root) with a file.
        if !FileManager.default.fileExists(atPath: outURL.path) { FileManager.default.createFile(atPath: outURL.path, contents: nil) }
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        p.standardInput = try stdinFile.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle(forReadingAtPath: "/dev/null")
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        try p.run()
        let finished = p.waitUntilExit(within: 120)
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        guard finished else { throw HarnessError("permanence \(arguments.prefix(2).joined(separator: " ")) did not finish within 120 s; stderr: \(err)") }
        return Output(status: p.terminationStatus, stdout: out, stderr: err)
    }
}
