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

    @Option(name: .customLong("simulate-clock"),
            help: "With --simulate only: the hall's clock starts at this ISO-8601 instant and runs on in real time (a test rig for slots and deadlines).")
    var simulateClock: String?

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
        var clock: @Sendable () -> Date = { Date() }
        if let simulateClock {
            guard simulate else { throw ValidationError("--simulate-clock is a test rig: it needs --simulate") }
            guard let start = ISO8601DateFormatter().date(from: simulateClock) else {
                throw ValidationError("--simulate-clock \(simulateClock): not an ISO-8601 instant such as 2026-12-07T09:05:00+08:00")
            }
            let offset = start.timeIntervalSince(Date())
            clock = { Date().addingTimeInterval(offset) }
            logger.warning("The hall runs on a simulated clock", metadata: ["start": "\(simulateClock)"])
        }
        let assembly: HallAssembly
        do {
            assembly = try await HallAssembly.assemble(settings, logger: logger, clock: clock)
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
