import ArgumentParser
import Foundation
import GRDB
import IntakeStore

/// What `archive verify` and `archive anchor` read: the hall's database, opened read-only so
/// either may run while the daemon serves, and the stored pages beside it.
struct ArchiveReading {
    let path: String
    let reader: DatabasePool
    let blobs: BlobStore

    /// Exits with a sentence naming the file when the data directory holds no hall database.
    static func open(dataDir: String) throws -> ArchiveReading {
        let path = dataDir + "/" + HallBackup.databaseName
        guard FileManager.default.fileExists(atPath: path) else {
            printError("onevisit: no hall database at \(path)")
            throw ExitCode.failure
        }
        var config = Configuration()
        config.readonly = true
        do {
            return ArchiveReading(path: path, reader: try DatabasePool(path: path, configuration: config),
                                  blobs: BlobStore(directory: dataDir + "/materials"))
        } catch {
            printError("onevisit: cannot read the archive in \(path): \(error)")
            throw ExitCode.failure
        }
    }
}
