import ArgumentParser
import Foundation
import GRDB
import JSONRPC
import Kernel

/// A runtime failure of a command, told in one line (`Error: …`, exit code 1) without the usage
/// text, which ArgumentParser keeps for `ValidationError`s (a wrong argument).
///
/// `init(_:)` turns any error into that line: Foundation file errors become « FILE: no such file or
/// directory », SQLite errors « database: … »; no domain, code or `userInfo` is shown.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) { description = message }

    /// `error`, about the file at `path`: the line names it even when the error does not.
    init(_ error: any Error, path: String) {
        let line = CommandFailure(error).description
        description = line.hasPrefix(path) ? line : "\(path): \(line)"
    }

    init(_ error: any Error) {
        switch error {
        case let failure as CommandFailure: description = failure.description
        case let error as RPCError: description = error.oneLine
        case let error as DatabaseError: description = "database: " + (error.message ?? "SQLite error \(error.resultCode.primaryResultCode.rawValue)")
        case let error as CocoaError: description = Self.describe(error)
        case let error as POSIXError: description = String(cString: strerror(error.code.rawValue))
        default:
            let nsError = error as NSError
            if nsError.domain == NSCocoaErrorDomain {
                description = Self.describe(CocoaError(CocoaError.Code(rawValue: nsError.code), userInfo: nsError.userInfo))
            } else if nsError.domain == NSPOSIXErrorDomain {
                description = String(cString: strerror(Int32(nsError.code)))
            } else {
                description = String(describing: error).split(separator: "\n").first.map(String.init) ?? "unknown error"
            }
        }
    }

    /// Whether ArgumentParser should handle `error` itself (usage for wrong arguments, exit codes,
    /// help): its own errors, among them the internal one its `help` command throws for `--help`.
    static func isParserOutcome(_ error: any Error) -> Bool {
        error is ValidationError || error is ExitCode || error is CleanExit || error is CommandFailure
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    private static func describe(_ error: CocoaError) -> String {
        let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? error.filePath
        let reason: String
        switch error.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: reason = "no such file or directory"
        case .fileReadNoPermission, .fileWriteNoPermission: reason = "permission denied"
        case .fileWriteOutOfSpace: reason = "no space left on the device"
        case .fileWriteVolumeReadOnly: reason = "read-only file system"
        case .fileWriteFileExists: reason = "the file already exists"
        case .fileReadCorruptFile: reason = "unreadable content"
        case .fileReadInapplicableStringEncoding: reason = "not a text file in UTF-8"
        default:
            if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
                reason = String(cString: strerror(Int32(underlying.code)))
            } else {
                reason = error.code.rawValue < 1000 ? "cannot read the file" : "cannot write the file"
            }
        }
        return path.map { "\($0): \(reason)" } ?? reason
    }
}

extension RPCError {
    /// `error -32004: Not found: patient p_x (field: patientId)`: the code, the message, and the
    /// field or reason of `data` when the message does not already say it.
    var oneLine: String {
        var line = "error \(code.rawValue): \(message)"
        if let reason = data?["reason"]?.stringValue, !message.contains(reason) { line += ": \(reason)" }
        if let method = data?["method"]?.stringValue, !message.contains(method) { line += ": \(method)" }
        if let field = data?["field"]?.stringValue { line += " (field: \(field))" }
        return line.replacingOccurrences(of: "\n", with: " ")
    }
}
