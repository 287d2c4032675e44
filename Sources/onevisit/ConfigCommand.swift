import ArgumentParser
import Foundation
import HallServer

/// `onevisit config check`: every configuration file of the hall checked offline, as the
/// daemon reads them at start (``HallConfigurationCheck``), one line per file naming the entry
/// and field at fault; exit 1 when any file would stop the daemon.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "The hall's configuration files.",
                                                    subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the daemon file, catalog, hall layout, holiday calendars and devices file without starting the daemon.")

        @Option(help: "The daemon's file (default: \(HallConfiguration.defaultFile) when it exists).") var config: String?
        @Option(help: "A catalog file instead of the one the daemon's file names.") var catalog: String?
        @Option(help: "A hall layout file instead of the one the daemon's file names.") var hall: String?
        @Option(help: "A devices file instead of the one the daemon's file names.") var devices: String?

        func run() async throws {
            let lines = await HallConfigurationCheck.run(configFile: config, catalog: catalog, hall: hall, devices: devices)
            for line in lines { print((line.ok ? "ok    " : "ERROR ") + line.file + ": " + line.message) }
            if lines.contains(where: { !$0.ok }) { throw ExitCode.failure }
        }
    }
}
