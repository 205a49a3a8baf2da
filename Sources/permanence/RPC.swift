import ArgumentParser
import Foundation
import JSONRPC
import Kernel

/// `permanence rpc METHOD [PARAMS]`: one call in process, the result on stdout.
struct RPC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Call one method in process and print its result (on failure: exit code 2 and one line on stderr, `error CODE: message (field: …)`).")

    @Argument(help: "Method name, e.g. calendar.isOpen.")
    var method: String

    @Argument(help: "Params as JSON (an object or an array).")
    var params: String?

    @Option(help: "Role to call with.")
    var role: String = "admin"

    @OptionGroup var runtime: RuntimeOptions

    func run() async throws {
        guard let role = Role(rawValue: role) else { throw ValidationError("--role: unknown role \(role)") }
        var parsed: JSONValue? = nil
        if let params {
            do { parsed = try JSONParser.parse(params) } catch {
                throw ValidationError("params: not valid JSON (\(error.reason) at byte \(error.offset))")
            }
        }
        let host = try await runtime.makeHost()
        let dispatcher = Dispatcher(host: host)
        let session = dispatcher.openSession(transport: Session.Transport.inProcess, role: role, actor: "cli", sink: { _ in })
        let request = Request(method: method, params: parsed, id: .int(1))
        let outcome: Result<[UInt8], RPCError>
        switch Incoming.entry(request.jsonValue) {
        case .invalid(_, let error): outcome = .failure(error)
        case .request(let r): outcome = await dispatcher.call(r, session: session)
        }
        dispatcher.closeSession(session)
        await host.shutdown()
        switch outcome {
        case .success(let bytes):
            let pretty = (try? JSONParser.parse(bytes)).map { Pretty.print($0) } ?? String(decoding: bytes, as: UTF8.self)
            print(pretty)
        case .failure(let error):
            FileHandle.standardError.write(Data((error.oneLine + "\n").utf8))
            throw ExitCode(2)
        }
    }
}

/// Indented JSON for people.
enum Pretty {
    static func print(_ value: JSONValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .array(let a) where !a.isEmpty:
            return "[\n" + a.map { inner + print($0, indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let o) where !o.isEmpty:
            return "{\n" + o.map { inner + JSONWriter.string(.string($0.key)) + ": " + print($0.value, indent: inner) }.joined(separator: ",\n")
                + "\n" + indent + "}"
        default:
            return JSONWriter.string(value)
        }
    }
}
