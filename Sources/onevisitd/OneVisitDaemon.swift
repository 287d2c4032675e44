import ArgumentParser
import Configuration
import Foundation
import HallServer
import IntakeStore
import Logging
import ServiceLifecycle

/// `onevisitd`: the hall daemon. Runs on defaults with no configuration file at all:
/// embedded SQLite in the data directory, the demo catalog and hall layout.
@main
struct OneVisitDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onevisitd",
        abstract: "OneVisit service-hall daemon: tickets, windows, display board, devices.")

    @Option(name: .long, help: "Configuration file (YAML). Default: \(HallConfiguration.defaultFile) when it exists.")
    var config: String?

    @Flag(name: .long, help: "Use simulated devices instead of real hardware.")
    var simulate = false

    @Option(name: .long, help: "HTTP port; 0 picks a free one and logs it.")
    var port: Int?

    @Option(name: .long, help: "Address to listen on (0.0.0.0 for kiosks on the hall network).")
    var host: String?

    @Option(name: .customLong("data-dir"), help: "Directory for the database and device output.")
    var dataDirectory: String?

    @Option(name: .customLong("devices"), help: "Devices file (JSON: printers…). Default: none, or simulated ones with --simulate.")
    var devicesFile: String?

    @Option(name: .long, help: "Service catalog file (JSON). Default: the demo catalog.")
    var catalog: String?

    @Option(name: .customLong("hall"), help: "Hall layout file (JSON). Default: the demo hall.")
    var hallFile: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    func run() async throws {
        var overrides: [String: ConfigContent] = [:]
        if simulate { overrides["devices.simulate"] = .bool(true) }
        if let port { overrides["http.port"] = .int(port) }
        if let host { overrides["http.host"] = .string(host) }
        if let dataDirectory { overrides["data.directory"] = .string(dataDirectory) }
        if let catalog { overrides["catalog.file"] = .string(catalog) }
        if let devicesFile { overrides["devices.file"] = .string(devicesFile) }
        if let hallFile { overrides["hall.file"] = .string(hallFile) }
        if let logLevel { overrides["log.level"] = .string(logLevel) }

        let settings: HallConfiguration
        do {
            settings = try await HallConfiguration.load(file: config, overrides: overrides)
        } catch {
            throw ValidationError("\(error)")
        }
        let level = settings.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "onevisit")

        let hall: Hall
        do {
            try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true)
            let writer = try HallDatabase.open(path: settings.databasePath)
            let catalog = try HallFiles.loadCatalog(path: settings.catalogFile)
            for warning in catalog.warnings { logger.warning("Catalog warning", metadata: ["issue": "\(warning)"]) }
            let layout = try HallFiles.loadLayout(path: settings.hallFile, catalog: catalog)
            let devices = try HallFiles.loadDevices(path: settings.devicesFile, layout: layout, simulate: settings.simulate)
            let printers = try HallPrinters.make(settings: devices, simulate: settings.simulate, dataDirectory: settings.dataDirectory,
                                                 writer: writer, logger: logger)
            let readers = try HallReaders.make(settings: devices, simulate: settings.simulate, dataDirectory: settings.dataDirectory,
                                               logger: logger)
            let keypads = try HallKeypads.make(settings: devices, simulate: settings.simulate, dataDirectory: settings.dataDirectory,
                                               logger: logger)
            hall = try Hall(writer: writer, catalog: catalog, layout: layout, logger: logger, printers: printers, readers: readers,
                            keypads: keypads, cameras: HallCameras.make(settings: devices, simulate: settings.simulate),
                            materialsDirectory: settings.dataDirectory + "/materials")
            let today = hall.civilToday
            for year in layout.workingCalendar.uncoveredYears(from: today, through: today.adding(days: 60)) {
                logger.warning("No holiday file for this year: deadlines count weekends only", metadata: ["year": "\(year)"])
            }
        } catch {
            logger.critical("OneVisit cannot start", metadata: ["error": "\(error)"])
            throw ExitCode(78)  // EX_CONFIG
        }
        logger.info("OneVisit starting", metadata: [
            "data.directory": "\(settings.dataDirectory)", "devices": "\(settings.simulate ? "simulated" : "real")",
            "catalog": "\(settings.catalogFile ?? "demo")", "hall": "\(settings.hallFile ?? "demo")",
            "printers": "\(hall.printers.printers.map(\.entry.id).joined(separator: ","))"])

        let (ready, readyContinuation) = AsyncStream<Void>.makeStream()
        let app = HallApplication.build(hall: hall, host: settings.host, port: settings.port) { bound in
            hall.setPublicURL(settings.resolvedPublicURL(port: bound))
            readyContinuation.yield()
            readyContinuation.finish()
        }
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: app),
                .init(service: CatalogReloadService(hall: hall, catalogFile: settings.catalogFile, hallFile: settings.hallFile),
                      successTerminationBehavior: .ignore),
                .init(service: SystemdNotifier(ready: ready, logger: logger), successTerminationBehavior: .ignore),
                .init(service: KeypadReviewService(hall: hall)),
            ] + (hall.printers.services + hall.readers.services + hall.keypads.services).map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        logger.info("OneVisit stopped")
    }
}
