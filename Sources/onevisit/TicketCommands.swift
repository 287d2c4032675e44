import ArgumentParser
import Foundation

/// `onevisit ticket …`: issue and look up tickets, for a clerk at the front desk.
struct TicketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticket",
        abstract: "Take a ticket or show one.",
        subcommands: [TicketTake.self, TicketShow.self, TicketPrint.self])
}

/// `onevisit ticket take`: lets a front-desk clerk issue a ticket for a citizen without a
/// kiosk, and read out the one-time notice of what to bring.
struct TicketTake: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "take",
        abstract: "Issue a ticket for a queue, a service item or a bundle.")

    @OptionGroup var server: ServerOptions

    @Option(name: .long, help: "Queue id, e.g. general.")
    var queue: String?

    @Option(name: .long, help: "Service item id.")
    var item: String?

    @Option(name: .long, help: "Bundle id, e.g. newborn.")
    var bundle: String?

    @Option(name: .long, help: "Priority lane reason: soldier, fireRescue, medicalStaff, elderly, sick, disabled, pregnant.")
    var priority: String?

    func validate() throws {
        guard [queue, item, bundle].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --queue, --item or --bundle")
        }
    }

    func run() async throws {
        var body: [String: String] = [:]
        body["queue"] = queue; body["item"] = item; body["bundle"] = bundle; body["priority"] = priority
        try await reportingFailures {
            let data = try await server.client().post(HallClient.path("api", "v1", "tickets"), body: body)
            if server.json { return printRawJSON(data) }
            let t = try decode(TicketInfo.self, from: data)
            print("Ticket \(t.number)  (id \(t.id))")
            print("Queue: \(t.queueName ?? t.queue ?? "?")" + (t.serviceName.map { " · \($0)" } ?? ""))
            if let p = t.priority { print("Priority: \(Format.priority(p))") }
            print("People ahead: \(t.peopleAhead.map(String.init) ?? "?")")
            print("Estimated wait: " + (t.estimatedWaitMinutes.map { "about \($0) min" } ?? "unknown"))
            if let outcome = t.print { print(outcome.line) }
            if let notice = t.notice { print(""); Format.notice(notice).forEach { print($0) } }
        }
    }
}

/// `onevisit ticket show ID`: lets a clerk see where a citizen's ticket stands.
struct TicketShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a ticket.")

    @OptionGroup var server: ServerOptions

    @Argument(help: "Ticket id (as printed by `ticket take`).")
    var id: String

    func run() async throws {
        try await reportingFailures {
            let data = try await server.client().get(HallClient.path("api", "v1", "tickets", id))
            if server.json { return printRawJSON(data) }
            let t = try decode(TicketInfo.self, from: data)
            let rows: [(String, String?)] = [
                ("Ticket", "\(t.number)  (id \(t.id))"),
                ("State", [t.stateName, t.state.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")),
                ("Queue", [t.queueName, t.queue.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")),
                ("Service", t.serviceName ?? t.bundle ?? t.item),
                ("Priority", t.priority.map(Format.priority)),
                ("Window", t.window),
                ("Transferred to window", t.targetWindow),
                ("Recalls", t.recallCount.flatMap { $0 > 0 ? String($0) : nil }),
                ("Issued", Format.time(t.issuedAt)),
                ("Service day", t.serviceDay),
                ("People ahead at issue", t.peopleAhead.map(String.init)),
                ("Estimated wait at issue", t.estimatedWaitMinutes.map { "about \($0) min" }),
            ]
            Format.columns(rows.compactMap { label, value in value.map { [label + ":", $0] } }).forEach { print($0) }
            if let notice = t.notice { print(""); Format.notice(notice).forEach { print($0) } }
        }
    }
}
