#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One captured page of a material of a case (R3 materials, R4 archive; seed 004 §8.1.7,
/// §9.8): stored once by its SHA-256, with size, dimensions, capture time, device and clerk.
/// Removing or replacing a page is recorded, never silent: the row stays with its reason.
public struct MaterialPage: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var caseID: String
    public var caseNumber: String
    public var materialID: String
    /// 1, 2, … among the active pages of the material.
    public var pageNumber: Int
    /// Hex SHA-256 of the JPEG: the file's name in the store.
    public var sha256: String
    public var size: Int
    public var width: Int
    public var height: Int
    public var capturedAt: Date
    public var device: String
    public var clerk: String
    public var state: State
    public var note: String?
    /// The page that took this one's place.
    public var replacedBy: String?

    public enum State: String, Codable, Sendable { case active, removed, replaced }

    public init(id: String, caseID: String, caseNumber: String, materialID: String, pageNumber: Int, sha256: String, size: Int,
                width: Int, height: Int, capturedAt: Date, device: String, clerk: String, state: State = .active) {
        self.id = id; self.caseID = caseID; self.caseNumber = caseNumber; self.materialID = materialID; self.pageNumber = pageNumber
        self.sha256 = sha256; self.size = size; self.width = width; self.height = height; self.capturedAt = capturedAt
        self.device = device; self.clerk = clerk; self.state = state
    }
}

/// One entry of the hall's tamper-evident archive: every stored page and every change of a
/// case, each carrying the hash of the entry before it, so changing any entry, or any
/// stored file an entry names, breaks the chain from there on (`onevisit archive verify`).
public struct ArchiveEntry: Codable, Sendable, Hashable {
    public var sequence: Int64
    public var at: Date
    public var kind: String
    /// The case number, for finding a case's entries.
    public var subject: String
    /// The facts as canonical JSON (sorted keys).
    public var payload: String
    public var previousHash: String
    public var hash: String

    public init(sequence: Int64, at: Date, kind: String, subject: String, payload: String, previousHash: String, hash: String) {
        self.sequence = sequence; self.at = at; self.kind = kind; self.subject = subject; self.payload = payload
        self.previousHash = previousHash; self.hash = hash
    }

    /// What the hash covers, in a fixed form: the time in whole milliseconds since 1970.
    public static func hashedText(sequence: Int64, at: Date, kind: String, subject: String, payload: String, previousHash: String) -> String {
        "\(previousHash)\n\(sequence)\n\(Int64((at.timeIntervalSince1970 * 1000).rounded()))\n\(kind)\n\(subject)\n\(payload)"
    }

    /// The hash of the first entry's "previous" entry.
    public static let genesis = String(repeating: "0", count: 64)
}
