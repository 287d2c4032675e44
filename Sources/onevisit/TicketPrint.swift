import ArgumentParser

/// `onevisit ticket print ID [--window W | --printer P]`: prints a ticket again, after a
/// failed print at the kiosk or for a citizen who lost it (marked 补打 once it has been
/// printed before).
struct TicketPrint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "print", abstract: "Print a ticket again (reprint).")

    @OptionGroup var server: ServerOptions

    @Argument(help: "Ticket id.")
    var id: String

    @Option(name: .long, help: "Print at this window's printer.")
    var window: String?

    @Option(name: .long, help: "Printer id (see `onevisit devices`).")
    var printer: String?

    func run() async throws {
        var body: [String: any Sendable] = [:]
        body["window"] = window
        body["printer"] = printer
        try await reportingFailures {
            let data = try await server.client().post(HallClient.path("api", "v1", "tickets", id, "print"), body: body)
            if server.json { return printRawJSON(data) }
            let t = try decode(TicketInfo.self, from: data)
            print("Ticket \(t.number): " + (t.print?.line ?? "no print information"))
            if t.print?.state == "failed" { throw ExitCode.failure }
        }
    }
}
