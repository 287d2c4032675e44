import ArgumentParser
import Foundation
import IntakeStore

/// `onevisit archive key generate`: the hall key that signs the archive anchor (issue 17,
/// Ed25519). The private file goes where `archive.signingKey` names it, readable by the service
/// user only and outside the data directory, so backups never carry it; the public file goes
/// to whoever verifies (`archive verify --public-key`).
struct ArchiveKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "key", abstract: "The hall key that signs the archive anchor.",
                                                    subcommands: [Generate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new Ed25519 key pair: the private file (mode 0600) for archive.signingKey, the public one for verifiers.")

        @Option(help: "The private key file to create (never replaced).") var privateKey = "/etc/onevisit/archive-signing.key"
        @Option(help: "The public key file to create (never replaced).") var publicKey = "/etc/onevisit/archive-signing.pub"

        func run() async throws {
            do {
                let key = try ArchiveKey.generate(privateFile: privateKey, publicFile: publicKey)
                print("archive key \(ArchiveKey.fingerprint(key)): private \(privateKey) (mode 0600; set archive.signingKey to it, "
                      + "run the daemon as its owner), public \(publicKey) (for archive verify --public-key)")
            } catch {
                printError("onevisit archive key generate: \(error)")
                throw ExitCode.failure
            }
        }
    }
}
