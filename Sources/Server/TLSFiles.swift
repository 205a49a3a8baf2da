import NIOSSL

/// The PEM files that turn the TCP listener into a TLS one.
///
/// With `clientCAPath`, every client must present a certificate signed by one of its authorities
/// (mutual TLS); the `initialize` token is still required.
package struct TLSFiles: Sendable {
    package var certificateChainPath: String
    package var privateKeyPath: String
    package var clientCAPath: String?

    package init(certificateChainPath: String, privateKeyPath: String, clientCAPath: String? = nil) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
    }

    /// A file that could not be read or used, named.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// Reads the files (TLS 1.2 at least); throws `Failure` naming the file at fault.
    func makeContext() throws -> NIOSSLContext {
        func load<T>(_ what: String, _ path: String, _ body: () throws -> T) throws -> T {
            do { return try body() } catch {
                throw Failure(description: "\(what) \(path): cannot be read as PEM (\(error))")
            }
        }
        let chain = try load("TLS certificate chain", certificateChainPath) { try NIOSSLCertificate.fromPEMFile(certificateChainPath) }
        guard !chain.isEmpty else { throw Failure(description: "TLS certificate chain \(certificateChainPath): no certificate in the file") }
        let key = try load("TLS private key", privateKeyPath) { try NIOSSLPrivateKey(file: privateKeyPath, format: .pem) }
        var configuration: TLSConfiguration
        if let clientCAPath {
            let roots = try load("TLS client CA", clientCAPath) { try NIOSSLCertificate.fromPEMFile(clientCAPath) }
            guard !roots.isEmpty else { throw Failure(description: "TLS client CA \(clientCAPath): no certificate in the file") }
            configuration = .makeServerConfigurationWithMTLS(
                certificateChain: chain.map { .certificate($0) },
                privateKey: .privateKey(key), trustRoots: .certificates(roots))
        } else {
            configuration = .makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        }
        configuration.minimumTLSVersion = .tlsv12
        do { return try NIOSSLContext(configuration: configuration) } catch {
            throw Failure(description: "TLS certificate \(certificateChainPath) and key \(privateKeyPath) cannot be used together (\(error))")
        }
    }
}
