import ArgumentParser
import Foundation

/// `onevisit queues`: lets a floor manager see how long each queue is today.
struct QueuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queues", abstract: "List the hall's queues with today's counts.")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await reportingFailures {
            let data = try await server.client().get(HallClient.path("api", "v1", "queues"))
            if server.json { return printRawJSON(data) }
            let info = try decode(QueuesInfo.self, from: data)
            if let day = info.serviceDay { print("Service day \(day)\n") }
            let rows = info.queues.map { e in
                [e.queue.id, e.queue.prefix ?? "", e.queue.name ?? "", e.waiting.map(String.init) ?? "?",
                 e.issuedToday.map(String.init) ?? "?", (e.openWindows ?? []).joined(separator: ",")]
            }
            print(Format.table(["ID", "PREFIX", "NAME", "WAITING", "ISSUED TODAY", "WINDOWS"], rows))
        }
    }
}
