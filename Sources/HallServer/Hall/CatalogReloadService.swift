import Foundation
import IntakeCore
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the catalog and hall layout files on SIGHUP. A broken file is reported with the
/// entry and field at fault, and the hall keeps serving with the last good catalog.
public struct CatalogReloadService: Service {
    let hall: HallInForce
    let catalogFile: String?
    let hallFile: String?

    public init(hall: HallInForce, catalogFile: String?, hallFile: String?) {
        self.hall = hall; self.catalogFile = catalogFile; self.hallFile = hallFile
    }

    public func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            reload()
        }
    }

    /// Loads both files and swaps them in, or logs why not and keeps the current ones.
    @discardableResult
    public func reload() -> Bool {
        do {
            let catalog = try HallFiles.loadCatalog(path: catalogFile)
            let layout = try HallFiles.loadLayout(path: hallFile, catalog: catalog)
            try hall.replace(catalog: catalog, layout: layout, file: hallFile ?? HallFiles.demoLayoutPath)
            for warning in catalog.warnings { hall.logger.warning("Catalog warning", metadata: ["issue": "\(warning)"]) }
            return true
        } catch {
            hall.logger.error("Catalog reload refused; keeping the last good catalog", metadata: ["error": "\(error)"])
            return false
        }
    }
}
