import NIOSSL

/// The daemon's TLS server settings from `tls.certificateFile` and `tls.keyFile` (PEM),
/// checked when the hall is assembled, so a wrong or unreadable file stops the start with
/// its name (exit 78) instead of failing the first connection. TLS 1.2 at least.
enum HallTLS {
    static func configuration(certificateFile: String, keyFile: String) throws(HallSetupError) -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(certificateFile) } catch {
            throw .unreadable(file: certificateFile, reason: "not a PEM certificate chain (tls.certificateFile): \(error)")
        }
        guard !chain.isEmpty else { throw .unreadable(file: certificateFile, reason: "no certificate in the file (tls.certificateFile)") }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(file: keyFile, format: .pem) } catch {
            throw .unreadable(file: keyFile, reason: "not a PEM private key (tls.keyFile): \(error)")
        }
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        do { _ = try NIOSSLContext(configuration: tls) } catch {
            throw .unreadable(file: keyFile, reason: "the key does not fit the certificate in \(certificateFile): \(error)")
        }
        return tls
    }
}
