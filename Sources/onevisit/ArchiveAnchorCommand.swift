import ArgumentParser
import Foundation
import IntakeStore

/// `onevisit archive anchor`: anchors the archive by hand (issue 17). The daemon moves the anchor
/// only forward along the chain it already vouches for, and never writes one from the database
/// alone; a hall from before anchors, a lost anchor file, or a new hall key's first signed
/// anchor is a person's decision. The chain, its pages and the present anchor are checked
/// first; a chain that was cut or rewritten is refused, and the anchor left as it is.
struct ArchiveAnchorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchor",
        abstract: "Check the archive, then write its anchor at the chain's end (signed with --signing-key); refused when the chain does not hold.")

    @Option(help: "The daemon's data directory.") var dataDir = "onevisit-data"
    @Option(help: "The hall key (archive.signingKey) to sign the anchor with.") var signingKey: String?
    @Option(name: .customLong("head"), help: ArgumentHelp("A head from a daily report (档案链末条) the chain must hold; repeatable.", valueName: "SEQUENCE:HASH"))
    var heads: [String] = []
    @Flag(help: "Replace an anchor the key given (or no key) does not vouch for: unsigned, or signed by another key. For a key set or replaced; check the chain against a report's --head first.")
    var replaceUnvouched = false

    func run() async throws {
        let key = try signingKey.map { file in
            // Run by a technician, often as root: the key's owner is the service user, not this one.
            do { return try ArchiveKey.loadPrivate(file, requireOwner: false) } catch {
                printError("onevisit: \(error)")
                throw ExitCode.failure
            }
        }
        let reported = try ReportedHeads.parse(heads)
        let archive = try ArchiveReading.open(dataDir: dataDir)
        let anchor = ArchiveAnchor(besideDatabase: archive.path)
        // An unsigned anchor is what a forger without the key writes: signing it over is a decision, not a default.
        if !replaceUnvouched, let present = try? anchor.read() {
            let unvouched = key.map { present.signatureProblem(against: $0.publicKey) } ?? (present.signature != nil ? "is signed, and no --signing-key was given" : nil)
            if let unvouched {
                print("REFUSED, the anchor \(anchor.path) is left as it was: it \(unvouched). If that is expected (a key set for the first time "
                      + "or replaced), check the chain against a daily report with --head SEQUENCE:HASH and run again with --replace-unvouched.")
                throw ExitCode.failure
            }
        }
        let outcome: Archive.Anchoring
        do {
            outcome = try await Archive.anchor(archive.reader, blobs: archive.blobs, anchor: anchor, signingKey: key, reported: reported)
        } catch {
            printError("onevisit: cannot anchor the archive in \(archive.path): \(error)")
            throw ExitCode.failure
        }
        switch outcome {
        case .refused(let reason):
            print("REFUSED, the anchor \(anchor.path) is left as it was: \(reason)")
            throw ExitCode.failure
        case .anchored(let head):
            handOver(anchor.path)
            let signed = head.key.map { " signed by \($0)" } ?? " unsigned"
            print("anchored at entry \(head.sequence) (\(head.hash))\(signed): \(anchor.path)")
        }
    }

    /// Gives the anchor to the data directory's owner, the service user, when run as root: the
    /// daemon must read it to move it on.
    private func handOver(_ file: String) {
        guard geteuid() == 0 else { return }
        var owner = stat()
        guard stat(dataDir, &owner) == 0 else { return }
        _ = chown(file, owner.st_uid, owner.st_gid)
    }
}
