import Crypto
import Foundation
import Synchronization

/// The hall key that signs the archive anchor (issue 17: "whoever can write the database
/// cannot forge a new anchor"): Ed25519 (RFC 8032) through swift-crypto. The private key is a
/// PKCS #8 PEM file (RFC 8410), mode 0600 and owned by the service user, kept outside the data
/// directory and out of backups; the public key is a separate SPKI PEM file, so a verifier
/// needs only that. Both files are what `openssl pkey` reads and writes.
public enum ArchiveKey {
    /// The bytes a signature covers: the format, the entry's sequence and its hash.
    static func signedText(_ sequence: Int64, _ hash: String) -> Data {
        Data("onevisit-archive-anchor/1\n\(sequence)\n\(hash)\n".utf8)
    }

    /// `sha256:` and the hex SHA-256 of the raw public key: names the key in the anchor.
    public static func fingerprint(_ key: Curve25519.Signing.PublicKey) -> String {
        "sha256:" + SHA256.hash(data: key.rawRepresentation).map { String(format: "%02x", $0) }.joined()
    }

    /// Why a key file cannot be used.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var reason: String
        public var description: String { "\(file): \(reason)" }
    }

    // RFC 8410 §7 and §10.1: the fixed DER prefixes of an Ed25519 private and public key.
    private static let privatePrefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    private static let publicPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    static func pem(_ label: String, _ der: [UInt8]) -> String {
        "-----BEGIN \(label)-----\n" + Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            + "\n-----END \(label)-----\n"
    }

    static func der(_ text: String, label: String, prefix: [UInt8]) -> Data? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: "-----BEGIN \(label)-----"), let end = lines.firstIndex(of: "-----END \(label)-----"),
              begin < end, let der = Data(base64Encoded: lines[(begin + 1)..<end].joined()),
              der.count == prefix.count + 32, der.starts(with: prefix) else { return nil }
        return der.dropFirst(prefix.count)
    }

    /// Writes a new key pair; refuses to replace an existing file.
    public static func generate(privateFile: String, publicFile: String) throws(Problem) -> Curve25519.Signing.PublicKey {
        let key = Curve25519.Signing.PrivateKey()
        try create(privateFile, pem("PRIVATE KEY", privatePrefix + key.rawRepresentation), mode: 0o600)
        try create(publicFile, pem("PUBLIC KEY", publicPrefix + key.publicKey.rawRepresentation), mode: 0o644)
        return key.publicKey
    }

    private static func create(_ file: String, _ text: String, mode: mode_t) throws(Problem) {
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Problem(file: file, reason: "cannot create: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard Foundation.write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            throw Problem(file: file, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
    }

    /// Reads the private key, refusing one others may read or, with `requireOwner`, that
    /// another user owns (as ssh does): a key readable by others signs nothing they could not
    /// sign too. `onevisit config check` runs as another user, so it leaves the owner alone.
    public static func loadPrivate(_ file: String, requireOwner: Bool = true) throws(Problem) -> Curve25519.Signing.PrivateKey {
        var status = stat()
        guard stat(file, &status) == 0 else { throw Problem(file: file, reason: "cannot read: \(String(cString: strerror(errno)))") }
        if status.st_mode & 0o077 != 0 {
            throw Problem(file: file, reason: "mode \(String(status.st_mode & 0o777, radix: 8)) lets others read it; it must be 0600")
        }
        if requireOwner, status.st_uid != geteuid() { throw Problem(file: file, reason: "owned by uid \(status.st_uid), not by this service's user") }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
              let raw = der(text, label: "PRIVATE KEY", prefix: privatePrefix),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw Problem(file: file, reason: "not an Ed25519 private key (PKCS #8 PEM)")
        }
        return key
    }

    /// Reads the public key a verifier holds.
    public static func loadPublic(_ file: String) throws(Problem) -> Curve25519.Signing.PublicKey {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw Problem(file: file, reason: "cannot read: \(String(cString: strerror(errno)))")
        }
        guard let raw = der(text, label: "PUBLIC KEY", prefix: publicPrefix),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            throw Problem(file: file, reason: "not an Ed25519 public key (SPKI PEM)")
        }
        return key
    }
}

extension ArchiveAnchor.Head {
    /// The head signed with the hall key.
    public func signed(with key: Curve25519.Signing.PrivateKey) -> ArchiveAnchor.Head {
        var head = ArchiveAnchor.Head(sequence: sequence, hash: hash)
        head.signature = (try? key.signature(for: ArchiveKey.signedText(sequence, hash)))?.base64EncodedString()
        head.key = ArchiveKey.fingerprint(key.publicKey)
        return head
    }

    /// Why this head is not vouched for by `key`; nil when its signature holds.
    public func signatureProblem(against key: Curve25519.Signing.PublicKey) -> String? {
        guard let signature else { return "is not signed, but the hall has a signing key: anyone who can write the data directory could have written it" }
        let expected = ArchiveKey.fingerprint(key)
        if self.key != expected { return "is signed by the key \(self.key ?? "(none named)"), not by the hall's key \(expected)" }
        guard let bytes = Data(base64Encoded: signature), key.isValidSignature(bytes, for: ArchiveKey.signedText(sequence, hash)) else {
            return "has a signature that does not hold for its entry and hash: it was forged or changed"
        }
        return nil
    }
}

extension ArchiveAnchor {
    // The hall keys by anchor path: the daemon registers its key once at start, and every
    // anchor written after an archiving commit (``Archive``) is signed with it.
    private static let signers = Mutex<[String: Curve25519.Signing.PrivateKey]>([:])

    /// Signs every anchor written beside `databasePath` with `key` from now on (nil: unsigned).
    public static func sign(besideDatabase databasePath: String, with key: Curve25519.Signing.PrivateKey?) {
        let path = ArchiveAnchor(besideDatabase: databasePath).registryKey
        signers.withLock { $0[path] = key }
    }

    /// The key that signs this anchor, if the hall registered one.
    var signer: Curve25519.Signing.PrivateKey? { Self.signers.withLock { $0[registryKey] } }

    /// Writes `head`, signed when the hall registered its key.
    public func writeSigned(_ head: Head) throws {
        try write(signer.map { head.signed(with: $0) } ?? head)
    }
}
