import ArgumentParser
import Foundation
import IntakeStore

/// `onevisit archive verify`: checks the hall's tamper-evident archive offline, on the data
/// directory itself (the daemon may run or not): every entry's hash and link, every stored
/// page file against its hash, and the chain's end against the anchor file beside the
/// database (`archive.anchor`), with `--public-key` the anchor's signature by the hall key, and
/// with `--head` a head printed in a daily report (kept outside the hall, so it holds even when
/// the anchor file was rewritten). Names the first entry that does not hold, or the anchor.
struct ArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "archive", abstract: "The archive of materials and case changes.",
                                                    subcommands: [Verify.self, ArchiveAnchorCommand.self, ArchiveKeyCommand.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the archive chain and the stored pages; exit 1 naming the first broken entry.")

        @Option(help: "The daemon's data directory.") var dataDir = "onevisit-data"
        @Option(help: "The hall key's public half (from archive key generate): the anchor must be signed by it.")
        var publicKey: String?
        @Option(name: .customLong("head"), help: ArgumentHelp("A head from a daily report (档案链末条), SEQUENCE:HASH; repeatable: the chain must reach it and hold it.", valueName: "SEQUENCE:HASH"))
        var heads: [String] = []

        func run() async throws {
            let key = try publicKey.map { file in
                do { return try ArchiveKey.loadPublic(file) } catch {
                    printError("onevisit: \(error)")
                    throw ExitCode.failure
                }
            }
            let reported = try ReportedHeads.parse(heads)
            let archive = try ArchiveReading.open(dataDir: dataDir)
            let result: Archive.Verification
            do {
                result = try await Archive.verify(archive.reader, blobs: archive.blobs, anchor: ArchiveAnchor(besideDatabase: archive.path),
                                                  publicKey: key, reported: reported)
            } catch {
                printError("onevisit: cannot read the archive in \(archive.path): \(error)")
                throw ExitCode.failure
            }
            if let broken = result.firstBroken {
                if broken.kind == "report" {
                    print("BROKEN against the reported head \(broken.subject): \(broken.reason)")
                    print("The \(result.entries) entries in the database hold among themselves.")
                } else if broken.kind == "anchor" {
                    print("BROKEN against the anchor \(broken.subject): \(broken.reason)")
                    print("The \(result.entries) entries in the database hold among themselves.")
                } else {
                    print("BROKEN at entry \(broken.sequence) (\(broken.kind), case \(broken.subject)): \(broken.reason)")
                    print("\(result.entries - 1) entries before it hold.")
                }
                throw ExitCode.failure
            }
            let signed = key.map { " signed by the hall key \(ArchiveKey.fingerprint($0))" } ?? ""
            let vouched = reported.isEmpty ? "" : ", and holds the reported head\(reported.count == 1 ? "" : "s") \(reported.map { String($0.sequence) }.joined(separator: ", "))"
            print("archive intact: \(result.entries) entries, \(result.pages) stored pages checked, the end matches the anchor\(signed)\(vouched)")
        }
    }
}
