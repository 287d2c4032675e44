import Foundation
import GRDB
import Hummingbird
import IntakeStore
import NIOSSL
import Logging
import ServiceLifecycle

/// The one way a hall is put together from its configuration: the daemon and the tests both
/// call ``assemble(_:logger:clock:appointments:)``, so what is tested is what runs. Tests differ only in the
/// configuration they pass (a temporary data directory, a test clock, simulated devices).
public struct HallAssembly: Sendable {
    public let hall: Hall
    public let settings: HallConfiguration
    /// What runs beside the HTTP server: catalog reload on SIGHUP, keypad reviews, notifications, no-shows, device drivers.
    public let services: [ServiceGroupConfiguration.ServiceConfiguration]
    /// HTTPS settings when `tls.*` names a certificate and key.
    let tls: TLSConfiguration?

    public static let demoDepartment = "人力资源和社会保障局"

    /// Opens the database, loads the catalog, layout and devices, and makes the hall. With
    /// `settings.simulate`, the demo accounts are added to a hall that has none.
    /// - Parameter appointments: the booking book the kiosk asks (the hall's own bookings when nil).
    public static func assemble(_ settings: HallConfiguration, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() },
                                clockSpeed: Double = 1,
                                appointments: (any AppointmentBook)? = nil,
                                statementObserver: (@Sendable (String) -> Void)? = nil) async throws(HallSetupError) -> HallAssembly {
        do {
            try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw .unreadable(file: settings.dataDirectory, reason: "cannot create the data directory: \(error.localizedDescription)")
        }
        let writer: DatabasePool
        do { writer = try HallDatabase.open(path: settings.databasePath, statementObserver: statementObserver) } catch {
            throw .database(path: settings.databasePath, reason: "\(error)")
        }
        HallArchiveKey.register(settings, logger: logger)
        // The hall serves on: a held anchor stays where it was, so `archive verify` keeps failing
        // until a person looks (`onevisit archive anchor`); it is never re-anchored from the database.
        do {
            if let reason = try await Archive.anchorHeldBack(writer) {
                logger.error("The archive anchor no longer follows the chain: check it against a daily report with `onevisit archive verify --head SEQUENCE:HASH` (and --public-key when the hall signs), then anchor it by hand with `onevisit archive anchor`",
                             metadata: ["reason": "\(reason)"])
            }
        } catch {
            throw .database(path: settings.databasePath, reason: "cannot read the archive: \(error)")
        }
        var tls: TLSConfiguration?
        if let certificate = settings.tlsCertificateFile, let key = settings.tlsKeyFile {
            tls = try HallTLS.configuration(certificateFile: certificate, keyFile: key)
        }
        let catalog = try HallFiles.loadCatalog(path: settings.catalogFile)
        for warning in catalog.warnings { logger.warning("Catalog warning", metadata: ["issue": "\(warning)"]) }
        let layout = try HallFiles.loadLayout(path: settings.hallFile, catalog: catalog)
        let devices = try HallFiles.loadDevices(path: settings.devicesFile, layout: layout, simulate: settings.simulate)
        let dir = settings.dataDirectory
        let hall: Hall
        do {
            hall = try Hall(
                writer: writer, catalog: catalog, layout: layout, logger: logger, clock: clock, clockSpeed: clockSpeed,
                printers: try HallPrinters.make(settings: devices, simulate: settings.simulate, dataDirectory: dir, writer: writer,
                                                logger: logger, printWait: settings.printWait),
                readers: try HallReaders.make(settings: devices, simulate: settings.simulate, dataDirectory: dir, logger: logger),
                keypads: try HallKeypads.make(settings: devices, simulate: settings.simulate, dataDirectory: dir, logger: logger),
                cameras: HallCameras.make(settings: devices, simulate: settings.simulate),
                materialsDirectory: dir + "/materials", appointments: appointments, access: settings.access,
                readiness: Readiness(dataDirectory: dir, minimumFreeBytes: Int64(settings.minimumFreeMegabytes) << 20))
        } catch let error as HallSetupError {
            throw error
        } catch {
            throw .unreadable(file: settings.devicesFile ?? "devices", reason: "\(error)")
        }
        if settings.simulate {
            do { try await DemoAccounts.install(in: hall.accounts.store, department: demoDepartment, at: clock()) } catch {
                throw .database(path: settings.databasePath, reason: "cannot add the demo accounts: \(error)")
            }
        }
        let today = hall.civilToday
        for year in layout.workingCalendar.uncoveredYears(from: today, through: today.adding(days: 60)) {
            logger.warning("No holiday file for this year: deadlines count weekends only", metadata: ["year": "\(year)"])
        }
        let services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: CatalogReloadService(hall: hall.current, catalogFile: settings.catalogFile, hallFile: settings.hallFile),
                  successTerminationBehavior: .ignore),
            .init(service: KeypadReviewService(keypads: hall.keypads, reviewDesk: hall.reviewDesk)),
            .init(service: DeviceHotplugService(printers: hall.printers, readers: hall.readers, keypads: hall.keypads,
                                                  cameras: hall.cameras, logger: logger)),
            .init(service: hall.notifications.dispatcher(notifier: settings.notifications.notifier(logger: logger),
                                                         settings: settings.notifications, clock: clock, clockSpeed: clockSpeed, logger: logger)),
            .init(service: hall.reviewUploads.dispatcher(uploader: settings.reviewUploads.uploader(), settings: settings.reviewUploads,
                                                         clock: clock, clockSpeed: clockSpeed, logger: logger)),
            .init(service: NoShowService(bookings: hall.bookings, logger: logger)),
            .init(service: RetentionService(hall: hall.current, store: RetentionStore(writer: hall.writer, blobs: hall.materials.blobs),
                                            policy: settings.retention)),
        ] + (hall.printers.services + hall.readers.services + hall.keypads.services).map { .init(service: $0) }
        return HallAssembly(hall: hall, settings: settings, services: services, tls: tls)
    }

    /// The HTTP server of the hall; `onListening` gets the bound port once it listens.
    public func application(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let hall = self.hall, settings = self.settings
        return try HallApplication.build(hall: hall, host: settings.host, port: settings.port, simulator: settings.simulate,
                                     limits: settings.limits, tls: tls) { bound in
            hall.setPublicURL(settings.resolvedPublicURL(port: bound))
            await onListening(bound)
        }
    }
}
