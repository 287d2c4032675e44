import ArgumentParser
import Foundation
import GRDB
import IntakeStore

/// `onevisit archive verify`: checks the hall's tamper-evident archive offline, on the data
/// directory itself (the daemon may run or not): every entry's hash and link, every stored
/// page file against its hash, and the chain's end against the anchor file beside the
/// database (`archive.anchor`), and with `--public-key` the anchor's signature by the hall key.
/// Names the first entry that does not hold, or the anchor.
struct ArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "archive", abstract: "The archive of materials and case changes.",
                                                    subcommands: [Verify.self, ArchiveKeyCommand.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the archive chain and the stored pages; exit 1 naming the first broken entry.")

        @Option(help: "The daemon's data directory.") var dataDir = "onevisit-data"
        @Option(help: "The hall key's public half (from archive key generate): the anchor must be signed by it.")
        var publicKey: String?

        func run() async throws {
            let path = dataDir + "/onevisit.sqlite"
            let key = try publicKey.map { file in
                do { return try ArchiveKey.loadPublic(file) } catch {
                    printError("onevisit: \(error)")
                    throw ExitCode.failure
                }
            }
            guard FileManager.default.fileExists(atPath: path) else {
                FileHandle.standardError.write(Data("onevisit: no hall database at \(path)\n".utf8))
                throw ExitCode.failure
            }
            var config = Configuration()
            config.readonly = true
            let result: Archive.Verification
            do {
                let reader = try DatabasePool(path: path, configuration: config)
                result = try await Archive.verify(reader, blobs: BlobStore(directory: dataDir + "/materials"),
                                                  anchor: ArchiveAnchor(besideDatabase: path), publicKey: key)
            } catch {
                FileHandle.standardError.write(Data("onevisit: cannot read the archive in \(path): \(error)\n".utf8))
                throw ExitCode.failure
            }
            if let broken = result.firstBroken {
                if broken.kind == "anchor" {
                    print("BROKEN against the anchor \(broken.subject): \(broken.reason)")
                    print("The \(result.entries) entries in the database hold among themselves.")
                } else {
                    print("BROKEN at entry \(broken.sequence) (\(broken.kind), case \(broken.subject)): \(broken.reason)")
                    print("\(result.entries - 1) entries before it hold.")
                }
                throw ExitCode.failure
            }
            let signed = key.map { " signed by the hall key \(ArchiveKey.fingerprint($0))" } ?? ""
            print("archive intact: \(result.entries) entries, \(result.pages) stored pages checked, the end matches the anchor\(signed)")
        }
    }
}
