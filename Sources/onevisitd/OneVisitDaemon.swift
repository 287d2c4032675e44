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

    @Option(name: .customLong("clock-start"),
            help: "With --simulate only: the hall's clock starts at this ISO-8601 instant (a test rig for slots, deadlines and a simulated day).")
    var clockStart: String?

    @Option(name: .customLong("clock-speed"),
            help: "With --simulate only: hall seconds per real second (60 runs a hall day in nine minutes).")
    var clockSpeed: Double?

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

        // A test rig like the simulated devices: a real hall always runs on the machine's clock.
        let (clock, clockStarter) = try SimulatedClockOptions(start: clockStart, speed: clockSpeed, simulate: simulate).clock()
        if clock.speed != 1 || clockStart != nil {
            logger.warning("The hall runs on a simulated clock", metadata: ["start": "\(clockStart ?? "now")", "speed": "\(clock.speed)"])
        }
        let assembly: HallAssembly
        do {
            assembly = try await HallAssembly.assemble(settings, logger: logger, clock: clock.now, clockSpeed: clock.speed)
        } catch {
            logger.critical("OneVisit cannot start", metadata: ["error": "\(error)"])
            throw ExitCode(78)  // EX_CONFIG
        }
        let hall = assembly.hall
        logger.info("OneVisit starting", metadata: [
            "data.directory": "\(settings.dataDirectory)", "devices": "\(settings.simulate ? "simulated" : "real")",
            "catalog": "\(settings.catalogFile ?? "demo")", "hall": "\(settings.hallFile ?? "demo")",
            "printers": "\(hall.printers.printers.map(\.entry.id).joined(separator: ","))"])
        if try await !hall.accounts.store.hasAccounts() {
            logger.warning("No staff account yet: add an admin with onevisit staff add ID --role admin --password-stdin --data-dir DIR")
        }

        let (ready, readyContinuation) = AsyncStream<Void>.makeStream()
        let app = try assembly.application { _ in
            // A simulated clock stands at --clock-start until the hall takes requests.
            clockStarter?.release()
            readyContinuation.yield()
            readyContinuation.finish()
        }
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: app),
                .init(service: SystemdNotifier(ready: ready, logger: logger), successTerminationBehavior: .ignore),
            ] + assembly.services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        logger.info("OneVisit stopped")
    }
}
