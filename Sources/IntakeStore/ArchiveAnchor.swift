import Foundation
import GRDB

/// The head of the archive's hash chain, kept outside the database (issue 17; R4 archive,
/// seed 004 §6.1): `archive.anchor` beside the database file, rewritten and synced after
/// every commit that archives something. Whoever can rewrite the database can recompute a
/// shorter chain, but not make it match this file, so `archive verify` notices the cut.
/// After a crash the anchor may lag the chain by the last commit; it is never ahead of it.
public struct ArchiveAnchor: Sendable, Equatable {
    /// The last entry the anchor vouches for.
    public struct Head: Codable, Sendable, Equatable {
        public var sequence: Int64
        public var hash: String
        /// Ed25519 over the sequence and hash (``ArchiveKey``), base64; nil when unsigned.
        public var signature: String?
        /// The fingerprint of the key that signed it.
        public var key: String?

        public init(sequence: Int64, hash: String, signature: String? = nil, key: String? = nil) {
            self.sequence = sequence; self.hash = hash; self.signature = signature; self.key = key
        }
    }

    public let path: String
    public static let fileName = "archive.anchor"

    public init(path: String) { self.path = path }

    /// The anchor beside a database file (`onevisit.sqlite` → `archive.anchor`).
    public init(besideDatabase databasePath: String) {
        path = Self.directory(of: databasePath) + "/" + Self.fileName
    }

    /// The directory holding `file`: "." for a bare file name, which names none.
    static func directory(of file: String) -> String {
        let directory = (file as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }

    /// The anchor's path with its directory's symbolic links resolved: the daemon's process-wide
    /// settings (its key, a held anchor) are found by it, whether the path came from SQLite or
    /// from a relative or linked data directory.
    var registryKey: String {
        guard let real = realpath(Self.directory(of: path), nil) else { return path }
        defer { free(real) }
        return String(cString: real) + "/" + (path as NSString).lastPathComponent
    }

    /// The anchor of the database `db` is open on; nil for a database with no file.
    static func of(_ db: Database) throws -> ArchiveAnchor? {
        let file = try String.fetchOne(db, sql: "SELECT file FROM pragma_database_list WHERE name = 'main'") ?? ""
        return file.isEmpty ? nil : ArchiveAnchor(besideDatabase: file)
    }

    /// The head written last; nil when there is no anchor file. A file that is not an anchor
    /// is an error, not "no anchor".
    public func read() throws -> Head? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try JSONDecoder().decode(Head.self, from: data)
    }

    /// Replaces the anchor atomically: a new file synced, renamed over the old, the directory synced.
    public func write(_ head: Head) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var data = try encoder.encode(head)
        data.append(0x0A)
        // A name of its own per write: the daemon and `onevisit archive anchor` may write at once.
        let temporary = path + ".new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw AnchorError(path: temporary, errno: errno) }
        let written = data.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        let failure = errno
        close(fd)
        guard written == data.count, synced == 0 else { unlink(temporary); throw AnchorError(path: temporary, errno: failure) }
        guard rename(temporary, path) == 0 else { let failure = errno; unlink(temporary); throw AnchorError(path: path, errno: failure) }
        let directory = open(Self.directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 { _ = fsync(directory); close(directory) }
    }

    public struct AnchorError: Error, CustomStringConvertible {
        public var path: String
        public var errno: Int32
        public var description: String { "cannot write the archive anchor \(path): \(String(cString: strerror(errno)))" }
    }
}
