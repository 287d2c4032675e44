import IntakeStore
import Logging

/// The daemon's side of the signed archive anchor (issue 17): the key `archive.signingKey`
/// names is registered for the hall's anchor. A key that is missing or unusable does not stop
/// the hall (tickets matter more than the signature); it runs with unsigned anchors and says
/// so, naming the key file only.
enum HallArchiveKey {
    static func register(_ settings: HallConfiguration, logger: Logger) {
        guard let file = settings.archiveSigningKey else {
            ArchiveAnchor.sign(besideDatabase: settings.databasePath, with: nil)
            logger.info("Archive anchors are unsigned: archive.signingKey is not set")
            return
        }
        do {
            let key = try ArchiveKey.loadPrivate(file)
            ArchiveAnchor.sign(besideDatabase: settings.databasePath, with: key)
            logger.info("Archive anchors are signed", metadata: ["key": "\(ArchiveKey.fingerprint(key.publicKey))"])
        } catch {
            ArchiveAnchor.sign(besideDatabase: settings.databasePath, with: nil)
            logger.error("Archive anchors are written UNSIGNED: the signing key cannot be used",
                         metadata: ["file": "\(error.file)", "reason": "\(error.reason)"])
        }
    }
}
