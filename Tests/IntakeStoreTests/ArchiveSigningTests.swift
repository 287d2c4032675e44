import Crypto
import Foundation
import GRDB
import HallServer
import IntakeCore
import IntakeStore
import Testing

/// The anchor signed with the hall key (issue 17, Ed25519): whoever can rewrite the database
/// and the anchor file, but does not hold the key, cannot make `verify` accept a shorter chain.
@Suite(.timeLimit(.minutes(5)))
struct ArchiveSigningTests {
    static let catalog = try! HallFiles.loadCatalog(path: nil)
    let day = CivilDay("2026-09-24")!
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func scratch(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Cuts the last entry off the chain as a forger with write access to the file would.
    func cutLastEntry(_ writer: DatabasePool) async throws -> ArchiveAnchor.Head {
        try await writer.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS archiveEntry_no_delete")
            try db.execute(sql: "DELETE FROM archiveEntry WHERE sequence = (SELECT max(sequence) FROM archiveEntry)")
            let row = try #require(try Row.fetchOne(db, sql: "SELECT sequence, hash FROM archiveEntry ORDER BY sequence DESC LIMIT 1"))
            return ArchiveAnchor.Head(sequence: row["sequence"], hash: row["hash"])
        }
    }

    @Test func aSignedAnchorPassesAndOneForgedWithoutTheKeyFails() async throws {
        let dir = try scratch("signed-anchor"), keys = try scratch("hall-key")
        let publicKey = try ArchiveKey.generate(privateFile: keys + "/archive.key", publicFile: keys + "/archive.pub")
        let database = dir + "/onevisit.sqlite"
        ArchiveAnchor.sign(besideDatabase: database, with: try ArchiveKey.loadPrivate(keys + "/archive.key"))
        let writer = try HallDatabase.open(path: database)
        let cases = CaseStore(writer: writer), blobs = BlobStore(directory: dir + "/materials")
        for _ in 0..<3 { _ = try await cases.open(CaseRequest(bundleID: "newborn"), at: now, day: day, catalog: Self.catalog, by: "s4") }

        let anchor = ArchiveAnchor(besideDatabase: database)
        let signed = try #require(try anchor.read())
        #expect(signed.signature != nil && signed.key == ArchiveKey.fingerprint(publicKey), "the daemon's anchors carry the hall key's signature")
        #expect(try await Archive.verify(writer, blobs: blobs, anchor: anchor, publicKey: try ArchiveKey.loadPublic(keys + "/archive.pub"))
                    .firstBroken == nil)

        // The forger cuts the chain and writes the anchor the shorter chain needs.
        let shorter = try await cutLastEntry(writer)
        try anchor.write(shorter)
        #expect(try await Archive.verify(writer, blobs: blobs, anchor: anchor).firstBroken == nil,
                "without the public key the forgery looks whole: what the signature is for")
        let unsigned = try #require(try await Archive.verify(writer, blobs: blobs, anchor: anchor, publicKey: publicKey).firstBroken)
        #expect(unsigned.kind == "anchor" && unsigned.reason.contains(anchor.path) && unsigned.reason.contains("not signed"), "\(unsigned)")
        // The hall archives on: it does not move, and so sign, a head the hall key never vouched for.
        _ = try await cases.open(CaseRequest(bundleID: "newborn"), at: now, day: day, catalog: Self.catalog, by: "s4")
        #expect(try anchor.read() == shorter, "a forged head is never signed by the hall")
        #expect(anchor.heldBack?.contains("not signed") == true, "\(anchor.heldBack ?? "")")
        #expect(try await Archive.verify(writer, blobs: blobs, anchor: anchor, publicKey: publicKey).firstBroken?.reason.contains("not signed") == true)

        // Signed with a key of the forger's own.
        try anchor.write(shorter.signed(with: Curve25519.Signing.PrivateKey()))
        let otherKey = try #require(try await Archive.verify(writer, blobs: blobs, anchor: anchor, publicKey: publicKey).firstBroken)
        #expect(otherKey.kind == "anchor" && otherKey.reason.contains("not by the hall's key"), "\(otherKey)")

        // The hall's real signature moved onto the shorter head.
        try anchor.write(ArchiveAnchor.Head(sequence: shorter.sequence, hash: shorter.hash, signature: signed.signature, key: signed.key))
        let moved = try #require(try await Archive.verify(writer, blobs: blobs, anchor: anchor, publicKey: publicKey).firstBroken)
        #expect(moved.kind == "anchor" && moved.reason.contains("forged or changed"), "\(moved)")
        ArchiveAnchor.sign(besideDatabase: database, with: nil)
    }

    /// A key that cannot be used at a later start leaves the hall unsigned; its signed anchor
    /// stays signed rather than being replaced by unsigned ones that nothing vouches for.
    @Test func aSignedAnchorIsNotReplacedByUnsignedOnesWhenTheKeyIsGone() async throws {
        let dir = try scratch("key-gone"), keys = try scratch("hall-key")
        _ = try ArchiveKey.generate(privateFile: keys + "/archive.key", publicFile: keys + "/archive.pub")
        let database = dir + "/onevisit.sqlite"
        ArchiveAnchor.sign(besideDatabase: database, with: try ArchiveKey.loadPrivate(keys + "/archive.key"))
        let writer = try HallDatabase.open(path: database)
        let cases = CaseStore(writer: writer)
        _ = try await cases.open(CaseRequest(bundleID: "newborn"), at: now, day: day, catalog: Self.catalog, by: "s4")
        let anchor = ArchiveAnchor(besideDatabase: database)
        let signed = try #require(try anchor.read())
        #expect(signed.signature != nil)

        ArchiveAnchor.sign(besideDatabase: database, with: nil)
        _ = try await cases.open(CaseRequest(bundleID: "newborn"), at: now, day: day, catalog: Self.catalog, by: "s4")
        #expect(try anchor.read() == signed, "the signed head stays")
        #expect(anchor.heldBack?.contains("no usable signing key") == true, "\(anchor.heldBack ?? "")")
        // The key back: the anchor follows, signed, from the head it held.
        ArchiveAnchor.sign(besideDatabase: database, with: try ArchiveKey.loadPrivate(keys + "/archive.key"))
        _ = try await cases.open(CaseRequest(bundleID: "newborn"), at: now, day: day, catalog: Self.catalog, by: "s4")
        let followed = try anchor.read()
        #expect(followed?.sequence == 3 && followed?.signature != nil && anchor.heldBack == nil, "\(String(describing: followed))")
        ArchiveAnchor.sign(besideDatabase: database, with: nil)
    }

    @Test func theKeyFilesAreWhatOpenSSLReadsAndALooseKeyIsRefused() throws {
        let keys = try scratch("hall-key")
        let generated = try ArchiveKey.generate(privateFile: keys + "/archive.key", publicFile: keys + "/archive.pub")
        let mode = try FileManager.default.attributesOfItem(atPath: keys + "/archive.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: keys + "/archive.key", encoding: .utf8)
        #expect(text.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(try ArchiveKey.loadPrivate(keys + "/archive.key").publicKey.rawRepresentation == generated.rawRepresentation)
        #expect(throws: ArchiveKey.Problem.self, "an existing key is never replaced") {
            try ArchiveKey.generate(privateFile: keys + "/archive.key", publicFile: keys + "/other.pub")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keys + "/archive.key")
        #expect {
            try ArchiveKey.loadPrivate(keys + "/archive.key")
        } throws: { ($0 as? ArchiveKey.Problem)?.reason.contains("must be 0600") == true }
        #expect(throws: ArchiveKey.Problem.self, "a public key is not a private one") { try ArchiveKey.loadPrivate(keys + "/archive.pub") }
    }
}
