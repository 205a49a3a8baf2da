import ArgumentParser
import Foundation
import NIOCore
import Server

#if canImport(Glibc)
    import Glibc
#endif

/// `permanence serve` options of the TCP listener: TLS, connection limits and timeouts.
struct ListenerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("TLS certificate chain (PEM) of the TCP listener; with --tls-key.", valueName: "pem"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("TLS private key (PEM) of the TCP listener; with --tls-cert.", valueName: "pem"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("Require client certificates signed by these authorities (PEM).", valueName: "pem"))
    var tlsClientCa: String?

    @Flag(help: "Allow plain TCP on a non-loopback address (tokens and patient data travel in clear).")
    var insecurePlainTcp = false

    @Option(help: "Most TCP connections open at once; extra ones get a -32029 error line and are closed.")
    var maxConnections: Int = 512

    @Option(help: ArgumentHelp("Seconds a TCP connection has to complete initialize with a valid token.", valueName: "seconds"))
    var authTimeout: Double = 10

    @Option(help: "Longest accepted line, in bytes, before a TCP connection has authenticated.")
    var maxPreauthLineBytes: Int = 16 << 10

    @Option(help: ArgumentHelp("Close an authenticated TCP session after this many seconds without traffic (0: never).", valueName: "seconds"))
    var idleTimeout: Double = 1800

    @Option(help: "Failed initialize calls per peer address per minute before -32029 (0: no limit).")
    var maxAuthFailures: Int = 10

    @Option(help: ArgumentHelp("On SIGTERM/SIGINT, seconds connections have to finish their requests before they are closed.", valueName: "seconds"))
    var drainTimeout: Double = 10

    /// The server options these flags describe, checked against the address to listen on.
    func serverOptions(host: String, maxOutboundBytes: Int) throws -> TCPServer.Options {
        var options = TCPServer.Options()
        options.maximumOutboundBytes = maxOutboundBytes
        guard maxConnections > 0 else { throw ValidationError("--max-connections: expected a positive number, got \(maxConnections)") }
        options.maximumConnections = maxConnections
        guard authTimeout > 0 else { throw ValidationError("--auth-timeout: expected a positive number of seconds, got \(authTimeout)") }
        options.authenticationTimeout = Self.amount(authTimeout)
        guard maxPreauthLineBytes > 0 else { throw ValidationError("--max-preauth-line-bytes: expected a positive number, got \(maxPreauthLineBytes)") }
        options.preAuthenticationLineLength = maxPreauthLineBytes
        guard idleTimeout >= 0 else { throw ValidationError("--idle-timeout: expected seconds (0: never), got \(idleTimeout)") }
        options.idleTimeout = idleTimeout == 0 ? nil : Self.amount(idleTimeout)
        guard maxAuthFailures >= 0 else { throw ValidationError("--max-auth-failures: expected a number (0: no limit), got \(maxAuthFailures)") }
        options.maximumFailedAuthentications = maxAuthFailures
        guard drainTimeout >= 0 else { throw ValidationError("--drain-timeout: expected seconds, got \(drainTimeout)") }
        options.drainTimeout = Self.amount(drainTimeout)
        switch (tlsCert, tlsKey) {
        case (let cert?, let key?):
            options.tls = TLSFiles(certificateChainPath: cert, privateKeyPath: key, clientCAPath: tlsClientCa)
        case (nil, nil):
            if tlsClientCa != nil { throw ValidationError("--tls-client-ca needs --tls-cert and --tls-key") }
            if !Self.isLoopback(host) && !insecurePlainTcp {
                throw ValidationError(
                    """
                    --tcp \(host): a non-loopback address without TLS would send tokens and patient data in clear; \
                    give --tls-cert and --tls-key (or --insecure-plain-tcp to accept that risk, e.g. behind a TLS proxy)
                    """)
            }
        default:
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        return options
    }

    static func amount(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64((seconds * 1e9).rounded())) }

    /// True for 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`; any other name or address is not.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, host, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
        let mapped = bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF
        return mapped && bytes[12] == 127
    }
}
