import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import TestSupport
import Testing

/// The daemon on the hall's network with TLS (`tls.certificateFile`, `tls.keyFile`): it
/// answers HTTPS with its certificate, its session cookie is `Secure`, plain HTTP gets no
/// answer, and a broken certificate or a certificate without its key stops the start with
/// the file or key named.
@Suite("The daemon over TLS", .serialized, .timeLimit(.minutes(5)))
struct TLSTests {
    static func scratch() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-tls-\(UUID().uuidString)").path
    }

    /// A self-signed certificate for 127.0.0.1, made with openssl as a hall's technician would.
    static func certificate(in dir: String) async throws -> (certificate: String, key: String) {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let cert = dir + "/hall.crt", key = dir + "/hall.key"
        let made = try await runProgram("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
        ])
        #expect(made.status == 0, "\(made.output)")
        return (cert, key)
    }

    static func configure(_ dir: String, _ lines: [String]) throws {
        try (["log:", "  level: info", "tls:"] + lines.map { "  " + $0 }).joined(separator: "\n")
            .write(toFile: dir + "/onevisit.yaml", atomically: true, encoding: .utf8)
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(2)))
    func servesHTTPSWithItsCertificateAndSecureCookies() async throws {
        let dir = Self.scratch()
        let (cert, key) = try await Self.certificate(in: dir)
        try Self.configure(dir, ["certificateFile: \(cert)", "keyFile: \(key)"])
        let daemon = DaemonProcess(dataDirectory: dir, staff: ["clerk1"])
        try await daemon.start()
        defer { daemon.stopWithoutWaiting() }
        #expect(daemon.baseURL.hasPrefix("https://127.0.0.1:"))

        // A client that trusts only this certificate reaches the hall and signs in.
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(cert)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        var request = HTTPClientRequest(url: daemon.baseURL + "/api/v1/session")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"staffID": "clerk1", "password": "\#(daemon.password(of: "clerk1"))"}"#))
        let response = try await client.execute(request, timeout: .seconds(30))
        #expect(response.status == .created)
        let cookie = response.headers["Set-Cookie"].first ?? ""
        #expect(cookie.contains("HttpOnly") && cookie.contains("Secure"), "\(cookie)")
        let ticket = try await client.execute(HTTPClientRequest(url: daemon.baseURL + "/api/v1/queues"), timeout: .seconds(30))
        #expect(ticket.status == .ok)
        try await client.shutdown()

        // A client that does not trust it is refused by its own TLS check, and plain HTTP is not served.
        let untrusted = try await runProgram("/usr/bin/curl", ["-sS", "-o", "/dev/null", daemon.baseURL + "/healthz"])
        #expect(untrusted.status == 60, "curl without the hall's certificate: \(untrusted)")
        let trusted = try await runProgram("/usr/bin/curl", ["-sS", "--cacert", cert, daemon.baseURL + "/healthz"])
        #expect(trusted.status == 0 && trusted.output.contains("ok"), "\(trusted)")
        let plain = daemon.baseURL.replacingOccurrences(of: "https://", with: "http://")
        await #expect(throws: (any Error).self) { _ = try await DaemonHTTP.send(.GET, plain + "/healthz") }
        #expect(daemon.process.isRunning)
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(2)),
          arguments: ["no key", "not a certificate", "key of another certificate"])
    func aBrokenTLSSettingStopsTheStartNamingIt(_ fault: String) async throws {
        let dir = Self.scratch()
        let (cert, key) = try await Self.certificate(in: dir)
        switch fault {
        case "no key": try Self.configure(dir, ["certificateFile: \(cert)"])
        case "not a certificate":
            try "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n".write(toFile: cert, atomically: true, encoding: .utf8)
            try Self.configure(dir, ["certificateFile: \(cert)", "keyFile: \(key)"])
        default:
            let (_, otherKey) = try await Self.certificate(in: dir + "/other")
            try Self.configure(dir, ["certificateFile: \(cert)", "keyFile: \(otherKey)"])
        }
        let daemon = DaemonProcess(dataDirectory: dir)
        await #expect(throws: (any Error).self) { try await daemon.start(timeout: 30) }
        #expect(await daemon.exited() != 0)
        switch fault {
        case "no key": #expect(daemon.log.contains("tls.keyFile"), "\(daemon.log)")
        case "not a certificate": #expect(daemon.process.terminationStatus == 78 && daemon.log.contains(cert), "\(daemon.log)")
        default: #expect(daemon.process.terminationStatus == 78 && daemon.log.contains("does not fit"), "\(daemon.log)")
        }
    }
}
