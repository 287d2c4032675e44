import Crypto
import Foundation
import GRDB
import IntakeCore
import Synchronization

/// When the anchor may follow the chain (issue 17: "`archive verify` fails when the database's
/// chain is shorter than, or differs from, an anchor"). The daemon moves the anchor only forward
/// along the chain it already vouches for: an anchor rewritten from a chain cut by hand would
/// vouch for the cut, and one re-signed from a forged head would launder the forgery. Anything
/// else holds the anchor where it is, and only a person moves it (``Archive/anchor(_:blobs:anchor:signingKey:)``).
extension ArchiveAnchor {
    /// Why the anchor must stay where it is instead of moving to the entry appended after
    /// `last` (the chain's end before the append); nil when it may move.
    func holdBack(_ db: Database, last: ArchiveEntry?) throws -> String? {
        let head: Head?
        do { head = try read() } catch { return "the anchor \(path) is not an anchor file (\(error))" }
        guard let head else {
            guard let last else { return nil }
            return "there is no anchor \(path), but the chain already holds \(last.sequence) entries"
        }
        guard let last else { return "the anchor \(path) vouches for entry \(head.sequence), but the archive is empty" }
        if let signer {
            if let problem = head.signatureProblem(against: signer.publicKey) { return "the anchor \(path) \(problem)" }
        } else if head.signature != nil {
            // A key that cannot be used at start (its mode, its owner, a typo) must not turn a signed anchor into unsigned ones.
            return "the anchor \(path) is signed, but the hall has no usable signing key: a signed anchor is not replaced by an unsigned one"
        }
        if head.sequence > last.sequence {
            return "the chain ends at entry \(last.sequence), but the anchor \(path) vouches for entry \(head.sequence): entries were cut off"
        }
        let held = head.sequence == last.sequence
            ? last.hash : try String.fetchOne(db, sql: "SELECT hash FROM archiveEntry WHERE sequence = ?", arguments: [head.sequence])
        return held == head.hash ? nil : "the chain holds another entry \(head.sequence) than the anchor \(path) vouches for"
    }

    // Why each anchor is held back, by path: what the daemon's log, `/metrics` and the
    // technician's page report until the anchor moves again.
    private static let held = Mutex<[String: String]>([:])

    /// Why this anchor no longer follows the chain; nil while it does.
    public var heldBack: String? { Self.held.withLock { $0[registryKey] } }

    func noteHeld(_ reason: String?) { Self.held.withLock { $0[registryKey] = reason } }
}

extension Archive {
    /// Why the anchor beside the database would not follow the next entry (the daemon's check at
    /// start); nil when it would, or for a database with no file.
    public static func anchorHeldBack(_ reader: any DatabaseReader) async throws -> String? {
        try await reader.read { db -> String? in
            guard let anchor = try ArchiveAnchor.of(db) else { return nil }
            let reason = try anchor.holdBack(db, last: try ArchiveEntry.order(Column("sequence").desc).fetchOne(db))
            anchor.noteHeld(reason)
            return reason
        }
    }

    /// What `anchor` did.
    public enum Anchoring: Sendable, Equatable {
        /// The chain and its pages hold, and the anchor now vouches for this entry.
        case anchored(ArchiveAnchor.Head)
        /// Nothing was written: the chain does not hold, or does not hold the present anchor.
        case refused(String)
    }

    /// Anchors the chain at its end, by a person's decision (`onevisit archive anchor`): a hall
    /// from before anchors, a lost anchor file, or the first signed anchor of a new hall key.
    /// The whole chain and every page is checked first, against the present anchor when there
    /// is one, so an anchor is never moved onto a chain that was cut or rewritten.
    /// With `reported`, the chain must also hold those heads (a daily report's, kept outside the hall).
    public static func anchor(_ reader: any DatabaseReader, blobs: BlobStore, anchor: ArchiveAnchor,
                              signingKey: Curve25519.Signing.PrivateKey?, reported: [ArchiveAnchor.Head] = []) async throws -> Anchoring {
        let present: ArchiveAnchor.Head?
        do { present = try anchor.read() } catch { return .refused("the anchor \(anchor.path) is not an anchor file (\(error)); move it aside by hand first") }
        let checked = try await verify(reader, blobs: blobs, anchor: present == nil ? nil : anchor, reported: reported)
        if let broken = checked.firstBroken {
            return .refused(broken.kind == "anchor" || broken.kind == "report" ? broken.reason : "entry \(broken.sequence) (\(broken.kind), \(broken.subject)) \(broken.reason)")
        }
        guard checked.entries > 0 else { return .refused("the archive is empty: its first entry will anchor it") }
        // The end as checked: entries the daemon appended since then leave the anchor behind, which it catches up.
        let end = try reader.read { db in
            try Row.fetchOne(db, sql: "SELECT sequence, hash FROM archiveEntry WHERE sequence = ?", arguments: [checked.entries])
        }
        guard let end else { return .refused("entry \(checked.entries) disappeared while it was checked") }
        let head = ArchiveAnchor.Head(sequence: end["sequence"], hash: end["hash"])
        try anchor.write(signingKey.map { head.signed(with: $0) } ?? head)
        return .anchored(try anchor.read() ?? head)
    }
}
