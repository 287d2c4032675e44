import Crypto
import Foundation

/// Captured pages on disk, content-addressed: `DIR/ab/abcdef….jpg` by SHA-256, so a page
/// is stored once however often it is attached, and its name proves its content. Written to
/// a temporary file, flushed and renamed, so a crash never leaves half a page under a name.
public struct BlobStore: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    public func path(_ sha: String) -> String { directory + "/" + sha.prefix(2) + "/" + sha + ".jpg" }

    /// Stores the bytes (once) and returns their hash.
    @discardableResult
    public func write(_ bytes: [UInt8]) throws -> String {
        let sha = Self.sha256(bytes)
        let final = path(sha)
        if FileManager.default.fileExists(atPath: final), (try? read(sha)).map(Self.sha256) == sha { return sha }
        let folder = (final as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = folder + "/.\(UUID().uuidString).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        try handle.synchronize()
        try handle.close()
        if rename(temporary, final) != 0 {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: final])
        }
        // The rename itself must reach the disk before the row that names the file commits.
        let dirfd = open(folder, O_RDONLY | O_DIRECTORY)
        if dirfd >= 0 { fsync(dirfd); close(dirfd) }
        return sha
    }

    public func read(_ sha: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(sha))))
    }

    /// Whether the file under this hash is there and still has that hash.
    public func isIntact(_ sha: String) -> Bool {
        guard let bytes = try? read(sha) else { return false }
        return Self.sha256(bytes) == sha
    }

    /// Bytes the files take on disk.
    public func size(_ sha: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path(sha)))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
