import ArgumentParser
import Foundation
import IntakeCore

/// `onevisit appointments …`: the supervisor's bookings (R2; issue 14) over the daemon's
/// appointment routes with the signed-in session: a day's list, closing a day or hours, and
/// the CSV export (masked unless `--full`, which the daemon audits).
struct AppointmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appointments", abstract: "Bookings (supervisors): a day's list, close a day or hours, export as CSV.",
        subcommands: [List.self, CloseDay.self, Export.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A day's slots, bookings (masked) and closures.")
        @OptionGroup var server: ServerOptions
        @Option(help: "The day, YYYY-MM-DD (default: today in the hall's time zone).") var date: String?
        @Option(help: "Only this item or bundle id.") var item: String?

        func run() async throws {
            try await reportingFailures {
                let client = server.client()
                let zone = try await HallZone.of(client)
                let day = date ?? zone.today
                let data = try await client.get("/api/v1/appointments/day?date=" + day)
                if server.json { printRawJSON(data); return }
                print(try decode(DayView.self, from: data).lines(item: item, zone: zone).joined(separator: "\n"))
            }
        }
    }

    struct CloseDay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close-day", abstract: "Close a day or hours for booking: its bookings are cancelled and each holder is told.")
        @OptionGroup var server: ServerOptions
        @Argument(help: "The day, YYYY-MM-DD.") var date: String
        @Option(help: "From HH:MM (with --to; both left out close the whole day).") var from: String?
        @Option(help: "To HH:MM.") var to: String?
        @Option(help: "Only this item or bundle id (default: every offer).") var item: String?
        @Option(help: "Why (the holders are told).") var reason: String

        func validate() throws {
            if (from == nil) != (to == nil) { throw ValidationError("give both --from and --to, or neither for the whole day") }
        }

        func run() async throws {
            var body: [String: any Sendable] = ["date": date, "reason": reason]
            for (key, value) in [("from", from), ("to", to), ("item", item)] { if let value { body[key] = value } }
            try await reportingFailures {
                let client = server.client()
                let data = try await client.post("/api/v1/appointments/closures", body: body)
                if server.json { printRawJSON(data); return }
                struct Closed: Decodable {
                    struct B: Decodable { var code: String; var name: String; var slot: String; var holder: String; var idNumber: String }
                    var cancelled: [B]
                    var message: String
                }
                let closed = try decode(Closed.self, from: data)
                print(closed.message)
                if !closed.cancelled.isEmpty {
                    print(Format.table(["slot", "code", "item", "holder", "ID"], closed.cancelled.map { [$0.slot, $0.code, $0.name, $0.holder, $0.idNumber] }))
                }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The bookings of a period as CSV: masked, or with --full in full (recorded in the audit).")
        @OptionGroup var server: ServerOptions
        @Option(help: "First day, YYYY-MM-DD (default: today).") var from: String?
        @Option(help: "Last day, YYYY-MM-DD (default: --from).") var to: String?
        @Option(name: .shortAndLong, help: "Write to this file.") var output: String?
        @Flag(help: "Names, ID numbers and phones in full; the daemon records this export in the audit.") var full = false

        func run() async throws {
            var query = [("from", from), ("to", to)].compactMap { key, value in value.map { "\(key)=\($0)" } }
            if full { query.append("full=true") }
            try await reportingFailures {
                let data = try await server.client().get("/api/v1/appointments/export" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
                if full { printError("note: personal data in full; this export is recorded in the audit") }
                try writeOutput(data, to: output)
            }
        }
    }

    /// The day view as the CLI prints it.
    struct DayView: Decodable {
        struct Closure: Decodable { var from: String?; var to: String?; var item: String?; var reason: String }
        struct Slot: Decodable {
            var item: String; var itemName: String; var start: Date; var end: Date
            var capacity: Int; var booked: Int; var checkedIn: Int; var noShows: Int; var cancelled: Int
        }
        struct Booking: Decodable {
            var code: String; var item: String; var itemName: String; var start: Date; var state: String
            var maskedName: String; var maskedIDNumber: String
        }
        var date: String
        var closures: [Closure]
        var slots: [Slot]
        var bookings: [Booking]

        func lines(item only: String?, zone: HallZone) -> [String] {
            func mine(_ id: String?) -> Bool { only == nil || id == nil || id == only }
            var out = ["\(date) 预约"]
            for c in closures where mine(c.item) {
                out.append("关闭 " + (c.from.map { "\($0)-\(c.to ?? "")" } ?? "全天") + " " + (c.item ?? "全部事项") + "：" + c.reason)
            }
            // Slots nobody booked are left out: the day has dozens.
            let used = slots.filter { mine($0.item) && $0.booked + $0.checkedIn + $0.noShows + $0.cancelled > 0 }
            out.append(used.isEmpty ? "无预约" : Format.table(
                ["slot", "item", "capacity", "booked", "checked in", "no-show", "cancelled"],
                used.map { ["\(zone.clock($0.start))-\(zone.clock($0.end))", $0.itemName, "\($0.capacity)", "\($0.booked)",
                            "\($0.checkedIn)", "\($0.noShows)", "\($0.cancelled)"] }))
            let list = bookings.filter { mine($0.item) }
            if !list.isEmpty {
                out.append(Format.table(["start", "code", "item", "state", "name", "ID"], list.map {
                    [zone.clock($0.start), $0.code, $0.itemName, BookingState(rawValue: $0.state)?.chineseName ?? $0.state, $0.maskedName, $0.maskedIDNumber]
                }))
            }
            return out
        }
    }
}

/// The hall's time zone (`GET /api/v1/hall`): times print as the hall's wall clock shows them.
struct HallZone {
    var zone: TimeZone

    static func of(_ client: HallClient) async throws(CLIFailure) -> HallZone {
        struct Hall: Decodable { var timeZone: String }
        let name = try decode(Hall.self, from: try await client.get("/api/v1/hall")).timeZone
        return HallZone(zone: TimeZone(identifier: name) ?? .current)
    }

    private func formatted(_ date: Date, _ pattern: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = zone; f.dateFormat = pattern
        return f.string(from: date)
    }

    var today: String { formatted(Date(), "yyyy-MM-dd") }
    func clock(_ date: Date) -> String { formatted(date, "HH:mm") }
}
