import ArgumentParser
import Foundation

/// `onevisit devices`: lets the technician see every device and what is wrong with it.
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices", abstract: "List the hall's devices and their state (printers…).")

    @OptionGroup var server: ServerOptions

    struct Devices: Decodable {
        var printers: [Printer]
        struct Printer: Decodable {
            var id: String
            var location: String
            var simulated: Bool
            var paperWidth: Int
            var connected: Bool
            var problem: String?
            var queued: Int
            var printed: Int
            var failed: Int
            var status: Status?
            struct Status: Decodable { var paperNearEnd: Bool }
        }
    }

    func run() async throws {
        try await reportingFailures {
            let data = try await server.client().get(HallClient.path("api", "v1", "devices"))
            if server.json { return printRawJSON(data) }
            let devices = try decode(Devices.self, from: data)
            let rows = devices.printers.map { p in
                [p.id, p.location + (p.simulated ? " (simulated)" : ""), "\(p.paperWidth) mm",
                 p.problem ?? (p.status?.paperNearEnd == true ? "ok, paper near end" : "ok"),
                 "\(p.queued)", "\(p.printed)", "\(p.failed)"]
            }
            print(Format.table(["PRINTER", "DEVICE", "PAPER", "STATE", "QUEUED", "PRINTED", "FAILED"], rows))
            if devices.printers.contains(where: { $0.problem != nil }) { throw ExitCode(2) }
        }
    }
}
