import ArgumentParser
import Foundation

/// `onevisit devices`: lets the technician see every device and what is wrong with it.
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices", abstract: "List the hall's devices and their state (printers…); watch them.",
        subcommands: [DevicesWatch.self])

    @OptionGroup var server: ServerOptions

    @Flag(name: .long, help: "List the CUPS queues of the daemon's machine instead.")
    var cups = false

    struct CupsQueues: Decodable {
        var queues: [Queue]
        struct Queue: Decodable { var name: String; var state: String; var message: String? }
    }

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
            if cups {
                let data = try await server.client().get(HallClient.path("api", "v1", "devices", "cups"))
                if server.json { return printRawJSON(data) }
                let list = try decode(CupsQueues.self, from: data)
                if list.queues.isEmpty { return print("No CUPS queues (is cupsd running?)") }
                return print(Format.table(["QUEUE", "STATE", "MESSAGE"], list.queues.map { [$0.name, $0.state, $0.message ?? ""] }))
            }
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
