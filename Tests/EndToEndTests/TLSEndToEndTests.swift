import Foundation
import JSONRPC
import PermanenceTesting
import Testing

/// The built executable's TCP listener with TLS, driven by Python's `ssl` module; and the refusal
/// to serve plain TCP on a non-loopback address.
@Suite(.serialized) struct TLSEndToEndTests {
    /// A self-signed certificate for `localhost` and 127.0.0.1, made with the `openssl` command.
    struct Certificate {
        let cert: String
        let key: String

        init(in directory: URL, name: String) throws {
            cert = directory.appendingPathComponent("\(name).pem").path
            key = directory.appendingPathComponent("\(name)-key.pem").path
            let out = try ChildProcess.run(
                "openssl",
                [
                    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-subj", "/CN=\(name)", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-days", "2", "-keyout", key, "-out", cert
                ])
            guard out.status == 0 else { throw HarnessError("openssl req failed for \(name)") }
        }
    }

    /// Connects with TLS trusting `ca`, sends `initialize` then `kernel.ping`, prints both replies
    /// (or the error that ended the session, prefixed with `ERROR`).
    static let client = #"""
        import json, socket, ssl, sys
        port, ca, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        cert = sys.argv[4] if len(sys.argv) > 4 else None
        context = ssl.create_default_context(cafile=ca)
        if cert:
            context.load_cert_chain(cert, sys.argv[5])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=20) as raw:
                with context.wrap_socket(raw, server_hostname="localhost") as tls:
                    print("VERSION", tls.version())
                    lines = [{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"token": token, "clientInfo": {"name": "python-ssl"}}},
                             {"jsonrpc": "2.0", "id": 2, "method": "kernel.ping"}]
                    tls.sendall("".join(json.dumps(l) + "\n" for l in lines).encode())
                    stream = tls.makefile("rb")
                    for _ in lines:
                        line = stream.readline()
                        if not line:
                            print("ERROR closed")
                            sys.exit(0)
                        print(line.decode().strip())
        except (ssl.SSLError, OSError) as e:
            print("ERROR", type(e).__name__, e)
        """#

    func replies(_ output: PythonScript.Output) throws -> [JSONValue] {
        #expect(output.status == 0, "\(output.stderr)")
        return try output.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }.map { try JSONParser.parse(String($0)) }
    }

    @Test func aTLSSessionEndToEndWithPythonSSL() throws {
        let dir = try Executable.temporaryDirectory()
        let server = try Certificate(in: dir, name: "server")
        let process = try ServerProcess.tcp(extraArgs: ["--tls-cert", server.cert, "--tls-key", server.key], directory: dir)
        defer { process.stop() }
        #expect(process.log.contains("(TLS)"))
        let token = try process.token(role: "secretary", name: "home-office")
        let output = try PythonScript.run(Self.client, arguments: [String(process.port), server.cert, token])
        let r = try replies(output)
        #expect(r.count == 2, "\(output.stdout) \(output.stderr)")
        #expect(r.first?["result"]?["role"] == "secretary")
        #expect(r.last?["result"] == "pong")
        #expect(output.stdout.contains("VERSION TLSv1.2") || output.stdout.contains("VERSION TLSv1.3"))
    }

    @Test func aPlaintextClientGetsNothingFromTheTLSPort() throws {
        let dir = try Executable.temporaryDirectory()
        let server = try Certificate(in: dir, name: "server")
        let process = try ServerProcess.tcp(extraArgs: ["--tls-cert", server.cert, "--tls-key", server.key], directory: dir)
        defer { process.stop() }
        let token = try process.token(role: "admin", name: "plain")
        let plain = try process.connect()
        try plain.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"token":"\#(token)"}}"#)
        var jsonReplies = 0
        // The server ends the connection (a TLS alert at most): nothing in it is a JSON-RPC reply.
        while let line = try plain.readLine() {
            if (try? JSONParser.parse(line)) != nil { jsonReplies += 1 }
        }
        #expect(jsonReplies == 0)
        // The listener still serves TLS clients.
        let r = try replies(try PythonScript.run(Self.client, arguments: [String(process.port), server.cert, token]))
        #expect(r.last?["result"] == "pong")
    }

    @Test func aConnectionThatNeverStartsTheHandshakeIsClosedAtTheAuthenticationDeadline() throws {
        let dir = try Executable.temporaryDirectory()
        let server = try Certificate(in: dir, name: "server")
        let process = try ServerProcess.tcp(
            extraArgs: [
                "--tls-cert", server.cert, "--tls-key", server.key,
                "--auth-timeout", "0.3"
            ], directory: dir)
        defer { process.stop() }
        let silent = try process.connect()
        // Reading ends because the server closes (a read timeout would throw).
        while try silent.readLine() != nil {}
    }

    @Test func clientCertificatesAreRequiredWhenAClientCAIsGiven() throws {
        let dir = try Executable.temporaryDirectory()
        let server = try Certificate(in: dir, name: "server")
        let console = try Certificate(in: dir, name: "console")
        let stranger = try Certificate(in: dir, name: "stranger")
        let process = try ServerProcess.tcp(
            extraArgs: [
                "--tls-cert", server.cert, "--tls-key", server.key,
                "--tls-client-ca", console.cert
            ], directory: dir)
        defer { process.stop() }
        let token = try process.token(role: "admin", name: "mtls")
        let port = String(process.port)
        let withCertificate = try replies(try PythonScript.run(Self.client, arguments: [port, server.cert, token, console.cert, console.key]))
        #expect(withCertificate.last?["result"] == "pong")
        let without = try PythonScript.run(Self.client, arguments: [port, server.cert, token])
        #expect(try replies(without).isEmpty, "\(without.stdout)")
        #expect(without.stdout.contains("ERROR"))
        let untrusted = try PythonScript.run(Self.client, arguments: [port, server.cert, token, stranger.cert, stranger.key])
        #expect(try replies(untrusted).isEmpty, "\(untrusted.stdout)")
    }

    @Test func plainTCPOnANonLoopbackAddressIsRefusedAtStart() throws {
        let dir = try Executable.temporaryDirectory()
        let db = dir.appendingPathComponent("permanence.sqlite").path
        // A documentation address (RFC 5737): never bound, even if the check were missing.
        let refused = try Executable.run(["serve", "--tcp", "192.0.2.1:0", "--db", db])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("non-loopback"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--tls-cert"))
        let halfTLS = try Executable.run(["serve", "--tcp", "127.0.0.1:0", "--db", db, "--tls-cert", "/nonexistent.pem"])
        #expect(halfTLS.status != 0)
        #expect(halfTLS.stderr.contains("--tls-cert and --tls-key go together"), "\(halfTLS.stderr)")
        let unreadable = try Executable.run([
            "serve", "--tcp", "127.0.0.1:0", "--db", db,
            "--tls-cert", dir.appendingPathComponent("missing.pem").path,
            "--tls-key", dir.appendingPathComponent("missing-key.pem").path
        ])
        #expect(unreadable.status != 0)
        #expect(unreadable.stderr.contains("missing.pem"), "\(unreadable.stderr)")
    }
}
